package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * {@link LaneGroups#build}: one segment per group of 32 rows (a last partial group too), each
 * what its writer wrote into an array zeroed before every group, whichever thread wrote it.
 */
class LaneGroupsTest {
  @Test
  void everyGroupGetsAZeroedArrayAndItsOwnSegment() {
    try (Arena arena = Arena.ofShared()) {
      MemorySegment[] groups = LaneGroups.build(70, 16, arena, () -> (g, bytes) -> {
        for (byte b : bytes) {
          if (b != 0) {
            throw new AssertionError("group " + g + " got a used array");
          }
        }
        bytes[g] = (byte) (g + 1); // left behind for the next group to see, were it not zeroed
      });
      assertEquals(3, groups.length, "70 rows: two groups of 32 and one of 6");
      for (int g = 0; g < groups.length; g++) {
        assertEquals(16, groups[g].byteSize());
        for (int i = 0; i < 16; i++) {
          assertEquals(i == g ? g + 1 : 0, groups[g].get(ValueLayout.JAVA_BYTE, i),
              "group " + g + " byte " + i);
        }
      }
    }
  }

  @Test
  void impossibleSizesAreRefusedByName() {
    try (Arena arena = Arena.ofShared()) {
      var negative = assertThrows(IllegalArgumentException.class,
          () -> LaneGroups.build(-1, 16, arena, () -> (g, bytes) -> { }));
      assertTrue(negative.getMessage().contains("-1 rows"), negative.getMessage());
      var huge = assertThrows(IllegalArgumentException.class,
          () -> LaneGroups.build(32, 1L << 40, arena, () -> (g, bytes) -> { }));
      assertTrue(huge.getMessage().contains("1099511627776 bytes"), huge.getMessage());
    }
  }

  @Test
  void littleEndianFloats() {
    byte[] bytes = new byte[6];
    LaneGroups.putFloat(bytes, 1, -2.5f);
    assertEquals(-2.5f, MemorySegment.ofArray(bytes)
        .get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 1));
    assertEquals(0, bytes[0]);
    assertEquals(0, bytes[5]);
  }
}
