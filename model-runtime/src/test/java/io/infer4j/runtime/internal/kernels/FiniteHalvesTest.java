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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * F16 matrices are known finite only after a product with every half widened exactly came out
 * finite in every row; a matrix holding an infinity or a NaN never is, and every product, known
 * or not, gives the reference's results and {@link F16Rows#dotInLanes}' floats.
 */
class FiniteHalvesTest {
  private static final ValueLayout.OfShort HALF =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  /** +inf, -inf, a quiet NaN, a signalling NaN with a one-bit payload, a negative NaN. */
  private static final short[] NOT_FINITE =
      {0x7C00, (short) 0xFC00, 0x7E00, 0x7C01, (short) 0xFFFF};
  private static final int D = 40;
  private static final int N = 2048 + 5; // a scalar tail past the last whole vector

  @Test
  void aFiniteMatrixIsKnownAfterItsFirstProduct() {
    Assumptions.assumeTrue(RowSpecies.WIDE,
        "the scaled form runs where 512-bit vectors are native");
    try (Arena arena = Arena.ofShared()) {
      TensorView w = gaussianHalves(arena, new Random(1));
      assertFalse(FiniteHalves.known(w), "nothing known before a product");
      float[] x = RandomMatrices.gaussians(new Random(2), 1, N)[0];
      assertSameFloats(w, x, "first product"); // the exact form, which teaches
      assertTrue(FiniteHalves.known(w));
      assertSameFloats(w, x, "known: the scaled form");

      TensorView v = gaussianHalves(arena, new Random(3));
      float[][] out = new float[2][D];
      new VectorMatmul().matmulEach(out, new TensorView[] {v, w}, x);
      assertTrue(FiniteHalves.known(v), "matmulEach teaches as matmul does");
    }
  }

  @Test
  void aMatrixWithAnInfinityOrNanIsNeverKnownAndKeepsItsResults() {
    try (Arena arena = Arena.ofShared()) {
      for (short bad : NOT_FINITE) {
        TensorView w = gaussianHalves(arena, new Random(bad));
        MemorySegment seg = WeightSegments.of(w);
        seg.set(HALF, 2L * (3L * N + 700), bad); // row 3, inside the vector body
        seg.set(HALF, 2L * (17L * N + N - 1), bad); // row 17, in the tail
        float[] x = new float[N];
        Arrays.fill(x, 0.5f);
        x[700] = 0f; // row 3 meets 0: inf * 0 is NaN, still not finite
        String what = "0x" + Integer.toHexString(bad & 0xFFFF);
        for (int call = 0; call < 3; call++) {
          assertSameFloats(w, x, what);
          assertFalse(FiniteHalves.known(w), what + " after " + (call + 1) + " products");
        }
      }
    }
  }

  @Test
  void aProductPastTheFloatRangeTeachesNothing() {
    try (Arena arena = Arena.ofShared()) {
      TensorView w = gaussianHalves(arena, new Random(4));
      float[] x = RandomMatrices.gaussians(new Random(5), 1, N)[0];
      float[] huge = x.clone();
      Arrays.fill(huge, 2e38f); // finite halves, but products past Float.MAX_VALUE
      float[] out = new float[D];
      new VectorMatmul().matmul(out, w, huge);
      assertFalse(FiniteHalves.known(w), "an infinite sum proves nothing");
      assertSameFloats(w, x, "then an ordinary product");
      assertEquals(RowSpecies.WIDE, FiniteHalves.known(w));
    }
  }

  @Test
  void activationsTooLargeToScaleKeepTheExactForm() {
    try (Arena arena = Arena.ofShared()) {
      TensorView w = gaussianHalves(arena, new Random(6));
      float[] x = RandomMatrices.gaussians(new Random(7), 1, N)[0];
      assertSameFloats(w, x, "first product");
      x[9] = 0x1p16f; // x * 2^112 would overflow: the unscaled lane form takes these rows
      assertSameFloats(w, x, "|x| = 2^16");
    }
  }

  /** A {@code D x N} matrix of Gaussian halves in a shared segment (pool threads read it). */
  private static TensorView gaussianHalves(Arena arena, Random r) {
    MemorySegment seg = arena.allocate(2L * D * N, 64);
    for (long i = 0; i < (long) D * N; i++) {
      seg.set(HALF, 2 * i, Float.floatToFloat16((float) r.nextGaussian()));
    }
    return TensorViews.of("w", GgmlType.F16, seg, D, N);
  }

  /**
   * {@link VectorMatmul}'s results for {@code w} and {@code x} equal, bit for bit, {@link
   * F16Rows#dotInLanes} row by row (where that form runs), and agree with the reference: the
   * same infinities and NaNs, finite values to float rounding.
   */
  private static void assertSameFloats(TensorView w, float[] x, String what) {
    float[] fast = new float[D];
    float[] reference = new float[D];
    new VectorMatmul().matmul(fast, w, x);
    new ReferenceMatmul().matmul(reference, w, x);
    MemorySegment seg = WeightSegments.of(w);
    for (int i = 0; i < D; i++) {
      if (RowSpecies.WIDE) {
        assertEquals(Float.floatToRawIntBits(F16Rows.dotInLanes(seg, 2L * i * N, x, N)),
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
