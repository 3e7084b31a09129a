package io.infer4j.runtime.internal.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One float32 weight row (already dequantized into a cache-resident scratch array) against a
 * batch of activation vectors: four tokens per pass share each load of the row, so the loop does
 * five loads per four fused multiply-adds. Kept small on purpose: C2 must inline every Vector API
 * call in it (a larger body, such as eight tokens per pass, fell off that cliff and ran many times
 * slower). Stateless.
 */
final class BatchDots {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  private BatchDots() {}

  /** {@code out[t][r] = row . x[t]} over {@code n} elements, for {@code t < count}. */
  static void dotBatch(float[] row, float[][] x, int count, int n, float[][] out, int r) {
    int bound = F.loopBound(n);
    int t = 0;
    for (; t + 4 <= count; t += 4) {
      float[] x0 = x[t];
      float[] x1 = x[t + 1];
      float[] x2 = x[t + 2];
      float[] x3 = x[t + 3];
      FloatVector a0 = FloatVector.zero(F);
      FloatVector a1 = FloatVector.zero(F);
      FloatVector a2 = FloatVector.zero(F);
      FloatVector a3 = FloatVector.zero(F);
      int i = 0;
      for (; i < bound; i += F.length()) {
        FloatVector w = FloatVector.fromArray(F, row, i);
        a0 = w.fma(FloatVector.fromArray(F, x0, i), a0);
        a1 = w.fma(FloatVector.fromArray(F, x1, i), a1);
        a2 = w.fma(FloatVector.fromArray(F, x2, i), a2);
        a3 = w.fma(FloatVector.fromArray(F, x3, i), a3);
      }
      float s0 = LaneSums.sum(a0);
      float s1 = LaneSums.sum(a1);
      float s2 = LaneSums.sum(a2);
      float s3 = LaneSums.sum(a3);
      for (; i < n; i++) {
        s0 += row[i] * x0[i];
        s1 += row[i] * x1[i];
        s2 += row[i] * x2[i];
        s3 += row[i] * x3[i];
      }
      out[t][r] = s0;
      out[t + 1][r] = s1;
      out[t + 2][r] = s2;
      out[t + 3][r] = s3;
    }
    for (; t < count; t++) {
      out[t][r] = VectorMatmul.dot(row, x[t], n);
    }
  }

  /**
   * {@code out[t][r] = rowA . x[t]} and {@code out[t][r + 1] = rowB . x[t]}: two rows by four
   * tokens per pass, six loads per eight fused multiply-adds.
   */
  static void dotBatch2(
      float[] rowA, float[] rowB, float[][] x, int count, int n, float[][] out, int r) {
    int bound = F.loopBound(n);
    int t = 0;
    for (; t + 4 <= count; t += 4) {
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
    for (; t < count; t++) {
      out[t][r] = VectorMatmul.dot(rowA, x[t], n);
      out[t][r + 1] = VectorMatmul.dot(rowB, x[t], n);
    }
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
