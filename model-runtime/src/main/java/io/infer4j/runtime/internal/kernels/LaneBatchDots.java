package io.infer4j.runtime.internal.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 weight rows (already dequantized into cache-resident scratch arrays) against a batch of
 * activation vectors, the inner loop of {@link VectorMatmul#matmulBatch} where the preferred
 * vectors are narrower than 512 bits ({@link BatchDots#CHOSEN} is false): two rows by four tokens
 * per pass, dot products along the row, six loads per eight fused multiply-adds. Kept small on
 * purpose: C2 must inline every Vector API call in a pass (a larger body, such as eight tokens per
 * pass, fell off that cliff and ran many times slower). With 16 vector registers (AVX2; this
 * project's AVX-512 host run as one) it ran as fast as {@link BatchDots}' outer product on
 * 2048-float rows and faster on 5632, where the outer product's sixteen accumulators spill.
 * Stateless.
 */
final class LaneBatchDots {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  private LaneBatchDots() {}

  /**
   * {@code out[t][r + j] = rows[j] . x[t]} over {@code n} elements, for {@code j < rowCount} and
   * {@code t < count}: a panel of rows (already dequantized, small enough to stay in L2) against
   * the whole batch, four tokens at a time: each group of four tokens is read from memory once per
   * panel, then from cache for the panel's other rows (streaming the whole batch past every pair
   * of rows instead ran at 0.73-0.83x the speed, {@code VectorMatmul}). An output does not depend
   * on the panel's size or its row's place in it: one vector accumulator over {@code i}, then
   * {@link LaneSums}; tokens past the last group of four as {@link VectorMatmul#dot}. When {@code
   * n} is not a whole number of vectors, a group of four adds the scalar tail as one sum, {@link
   * VectorMatmul#dot} element by element (the block types' rows always are whole vectors).
   */
  static void panel(float[][] rows, int rowCount, float[][] x, int count, int n, float[][] out,
      int r) {
    int t = 0;
    for (; t + 4 <= count; t += 4) {
      int j = 0;
      for (; j + 2 <= rowCount; j += 2) {
        quad2(rows[j], rows[j + 1], x, t, n, out, r + j);
      }
      if (j < rowCount) {
        quad1(rows[j], x, t, n, out, r + j);
      }
    }
    for (; t < count; t++) {
      for (int j = 0; j < rowCount; j++) {
        out[t][r + j] = VectorMatmul.dot(rows[j], x[t], n);
      }
    }
  }

  /** Rows {@code rowA}, {@code rowB} against tokens {@code t..t+3}; outputs at {@code r, r + 1}. */
  private static void quad2(float[] rowA, float[] rowB, float[][] x, int t, int n, float[][] out,
      int r) {
    float[] x0 = x[t];
    float[] x1 = x[t + 1];
    float[] x2 = x[t + 2];
    float[] x3 = x[t + 3];
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = FloatVector.zero(F);
    FloatVector a2 = FloatVector.zero(F);
    FloatVector a3 = FloatVector.zero(F);
    FloatVector b0 = FloatVector.zero(F);
    FloatVector b1 = FloatVector.zero(F);
    FloatVector b2 = FloatVector.zero(F);
    FloatVector b3 = FloatVector.zero(F);
    int bound = F.loopBound(n);
    for (int i = 0; i < bound; i += F.length()) {
      FloatVector wa = FloatVector.fromArray(F, rowA, i);
      FloatVector wb = FloatVector.fromArray(F, rowB, i);
      FloatVector v = FloatVector.fromArray(F, x0, i);
      a0 = wa.fma(v, a0);
      b0 = wb.fma(v, b0);
      v = FloatVector.fromArray(F, x1, i);
      a1 = wa.fma(v, a1);
      b1 = wb.fma(v, b1);
      v = FloatVector.fromArray(F, x2, i);
      a2 = wa.fma(v, a2);
      b2 = wb.fma(v, b2);
      v = FloatVector.fromArray(F, x3, i);
      a3 = wa.fma(v, a3);
      b3 = wb.fma(v, b3);
    }
    out[t][r] = LaneSums.sum(a0) + tail(rowA, x0, bound, n);
    out[t + 1][r] = LaneSums.sum(a1) + tail(rowA, x1, bound, n);
    out[t + 2][r] = LaneSums.sum(a2) + tail(rowA, x2, bound, n);
    out[t + 3][r] = LaneSums.sum(a3) + tail(rowA, x3, bound, n);
    out[t][r + 1] = LaneSums.sum(b0) + tail(rowB, x0, bound, n);
    out[t + 1][r + 1] = LaneSums.sum(b1) + tail(rowB, x1, bound, n);
    out[t + 2][r + 1] = LaneSums.sum(b2) + tail(rowB, x2, bound, n);
    out[t + 3][r + 1] = LaneSums.sum(b3) + tail(rowB, x3, bound, n);
  }

  /** Row {@code row} against tokens {@code t..t+3}; outputs at {@code r}. */
  private static void quad1(float[] row, float[][] x, int t, int n, float[][] out, int r) {
    float[] x0 = x[t];
    float[] x1 = x[t + 1];
    float[] x2 = x[t + 2];
    float[] x3 = x[t + 3];
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = FloatVector.zero(F);
    FloatVector a2 = FloatVector.zero(F);
    FloatVector a3 = FloatVector.zero(F);
    int bound = F.loopBound(n);
    for (int i = 0; i < bound; i += F.length()) {
      FloatVector w = FloatVector.fromArray(F, row, i);
      a0 = w.fma(FloatVector.fromArray(F, x0, i), a0);
      a1 = w.fma(FloatVector.fromArray(F, x1, i), a1);
      a2 = w.fma(FloatVector.fromArray(F, x2, i), a2);
      a3 = w.fma(FloatVector.fromArray(F, x3, i), a3);
    }
    out[t][r] = LaneSums.sum(a0) + tail(row, x0, bound, n);
    out[t + 1][r] = LaneSums.sum(a1) + tail(row, x1, bound, n);
    out[t + 2][r] = LaneSums.sum(a2) + tail(row, x2, bound, n);
    out[t + 3][r] = LaneSums.sum(a3) + tail(row, x3, bound, n);
  }

  /** The scalar tail {@code sum(row[i] * x[i])} for {@code from <= i < n}. */
  private static float tail(float[] row, float[] x, int from, int n) {
    float s = 0;
    for (int i = from; i < n; i++) {
      s += row[i] * x[i];
    }
    return s;
  }
}
