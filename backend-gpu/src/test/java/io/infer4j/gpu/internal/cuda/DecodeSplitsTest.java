package io.infer4j.gpu.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecodeSplitsTest {
  @Test
  void chunksAreAtLeast32PositionsAndAFullContextTakesAtMost1024OfThem() {
    assertEquals(32, DecodeSplits.of(512).chunk());
    assertEquals(32, DecodeSplits.of(32_768).chunk());
    assertEquals(128, DecodeSplits.of(131_072).chunk());
    assertEquals(1024, DecodeSplits.of(1 << 24).chunk()); // capped: 16,384 chunks of 1,024
    assertEquals(1024, DecodeSplits.of(131_072).maxSplits());
    assertThrows(IllegalArgumentException.class, () -> DecodeSplits.of(0));
  }

  @Test
  void everyPositionIsCoveredByItsBucketsChunksAndBucketsArePowersOfTwo() {
    for (int ctx : new int[] {1, 100, 256, 512, 2048, 5000, 131_072}) {
      DecodeSplits s = DecodeSplits.of(ctx);
      Set<Integer> distinct = new HashSet<>();
      for (int pos = 0; pos < ctx; pos += Math.max(1, ctx / 997)) {
        int n = s.splitsAt(pos);
        assertTrue((long) n * s.chunk() > pos, ctx + " at " + pos);
        assertTrue(n <= s.maxSplits(), ctx + " at " + pos);
        distinct.add(n);
      }
      assertTrue(distinct.size() <= 32 - Integer.numberOfLeadingZeros(Math.max(1, ctx / 256)) + 1,
          ctx + ": graphs " + distinct);
    }
    assertEquals(8, DecodeSplits.of(2048).splitsAt(0)); // the first bucket: 256 positions
    assertEquals(8, DecodeSplits.of(2048).splitsAt(255));
    assertEquals(16, DecodeSplits.of(2048).splitsAt(256));
    assertEquals(64, DecodeSplits.of(2048).splitsAt(2047));
  }
}
