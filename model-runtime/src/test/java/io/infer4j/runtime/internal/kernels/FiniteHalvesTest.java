package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import io.infer4j.runtime.internal.tensor.TensorViews;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scan that lets F16 rows take the scaled lane form finds every infinity and NaN wherever it
 * lies, and a matrix holding one, or activations too large to scale, still gets the reference's
 * results through the matmul.
 */
class FiniteHalvesTest {
  private static final ValueLayout.OfShort HALF =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  /** +inf, -inf, a quiet NaN, a signalling NaN with a one-bit payload, a negative NaN. */
  private static final short[] NOT_FINITE = {0x7C00, (short) 0xFC00, 0x7E00, 0x7C01, (short) 0xFFFF};

  @Test
  void findsEveryNonFiniteHalfAtEveryPosition() {
    // lengths with and without a scalar tail past the last whole vector
    for (int count : new int[] {1, 31, 32, 33, 100}) {
      MemorySegment seg = MemorySegment.ofArray(new byte[2 * count]);
      for (int i = 0; i < count; i++) {
        seg.set(HALF, 2L * i, (short) 0x7BFF); // 65504, the largest finite half
      }
      assertTrue(FiniteHalves.scan(seg, count), count + " finite halves");
      for (int at = 0; at < count; at++) {
        for (short bad : NOT_FINITE) {
          seg.set(HALF, 2L * at, bad);
          assertFalse(FiniteHalves.scan(seg, count),
              "0x" + Integer.toHexString(bad & 0xFFFF) + " at " + at + " of " + count);
        }
        seg.set(HALF, 2L * at, (short) 0xFBFF); // -65504
      }
      assertTrue(FiniteHalves.scan(seg, count), count + " finite halves again");
    }
  }

  @Test
  void matmulOfAMatrixWithAnInfinityOrNanGivesTheReferencesResults() {
    int d = 40;
    int n = 2048 + 5;
    try (Arena arena = Arena.ofShared()) {
      for (short bad : NOT_FINITE) {
        Random r = new Random(bad);
        MemorySegment seg = arena.allocate(2L * d * n, 64);
        for (long i = 0; i < (long) d * n; i++) {
          seg.set(HALF, 2 * i, Float.floatToFloat16((float) r.nextGaussian()));
        }
        seg.set(HALF, 2L * (3L * n + 700), bad); // row 3, inside the vector body
        seg.set(HALF, 2L * (17L * n + n - 1), bad); // row 17, in the tail
        TensorView w = TensorViews.of("w" + bad, GgmlType.F16, seg, d, n);
        float[] x = new float[n];
        Arrays.fill(x, 0.5f);
        assertSameFloats(w, x, "0x" + Integer.toHexString(bad & 0xFFFF));
      }
    }
  }

  @Test
  void matmulWithActivationsTooLargeToScaleGivesTheReferencesResults() {
    int d = 40;
    int n = 2048;
    try (Arena arena = Arena.ofShared()) {
      TensorView w = RandomMatrices.of(arena, new Random(3), GgmlType.F16, d, n);
      float[] x = RandomMatrices.gaussians(new Random(4), 1, n)[0];
      x[9] = 0x1p16f; // x * 2^112 would overflow: the unscaled lane form takes these rows
      assertSameFloats(w, x, "|x| = 2^16");
    }
  }

  /**
   * {@link VectorMatmul}'s results for {@code w} and {@code x} equal, bit for bit, {@link
   * F16Rows#dotInLanes} row by row (where that form runs), and agree with the reference: the
   * same infinities and NaNs, finite values to float rounding.
   */
  private static void assertSameFloats(TensorView w, float[] x, String what) {
    int d = w.rows();
    int n = w.cols();
    float[] fast = new float[d];
    float[] reference = new float[d];
    for (int pass = 0; pass < 3; pass++) {
      new VectorMatmul().matmul(fast, w, x);
      new ReferenceMatmul().matmul(reference, w, x);
      MemorySegment seg = WeightSegments.of(w);
      for (int i = 0; i < d; i++) {
        if (RowSpecies.WIDE) {
          assertEquals(Float.floatToRawIntBits(F16Rows.dotInLanes(seg, 2L * i * n, x, n)),
              Float.floatToRawIntBits(fast[i]), what + ", row " + i);
        }
        if (Float.isNaN(reference[i]) || Float.isInfinite(reference[i])) {
          assertEquals(reference[i], fast[i], what + ", row " + i);
        } else {
          assertEquals(reference[i], fast[i], 1e-3f * Math.abs(reference[i]) + 1e-3f,
              what + ", row " + i);
        }
      }
    }
  }
}
