package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** {@link SpareArrays}: a kept matrix is handed out again while large enough, else a larger one. */
class SpareArraysTest {
  @Test
  void reusesWhatFitsAndGrowsWhatDoesNot() {
    SpareArrays spare = new SpareArrays();
    float[][] first = spare.take(2, 8);
    assertEquals(2, first.length);
    assertEquals(8, first[0].length);
    spare.give(first);
    assertSame(first, spare.take(1, 4), "a kept matrix large enough is handed out again");
    spare.give(first);
    float[][] wider = spare.take(1, 16); // the kept one is too narrow: one as large as both
    assertEquals(2, wider.length);
    assertEquals(16, wider[0].length);
    spare.give(new float[0][]); // nothing kept: an empty matrix has no row to measure
    float[][] fresh = spare.take(3, 5);
    assertEquals(3, fresh.length);
    assertEquals(5, fresh[0].length);
  }
}
