package io.infer4j.lpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopologyTest {

  private final Topology groq = Topology.GROQ;

  @Test
  void aGroupSpansNodeRackAndSystemLevelsAsItGrows() {
    assertEquals(0, groq.levels(1));
    assertEquals(1, groq.levels(8));
    assertEquals(2, groq.levels(9));
    assertEquals(2, groq.levels(72));
    assertEquals(3, groq.levels(73));
  }

  @Test
  void aCollectiveOnOneChipCostsNoHops() {
    assertEquals(0, groq.collectiveHops(1));
    assertEquals(groq.hopCycles(), groq.collectiveHops(7));
    assertEquals(3 * groq.hopCycles(), groq.collectiveHops(576));
  }

  @Test
  void moreChipsShareTheBytesOverMoreLinks() {
    long sixteenKib = 16 * 1024;
    assertTrue(groq.shareCycles(8, sixteenKib) < groq.shareCycles(2, sixteenKib));
    // 16 KiB over one 14 GB/s link: 1.17 us = 1,054 cycles at 900 MHz
    assertEquals(1054, groq.shareCycles(1, sixteenKib));
  }
}
