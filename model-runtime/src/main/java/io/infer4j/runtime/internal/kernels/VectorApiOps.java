package io.infer4j.runtime.internal.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector ops of {@link Kernels#vector()}: attention scores ({@link #dot}) in Vector API lanes,
 * the element-wise ops as {@link ReferenceVectorOps}. An attention score is a dot product over one
 * head (64 or 128 floats) for every cached position, so at long contexts it is as much work per
 * token as a weight matrix: on a TinyLlama-shaped Q8_0 file at 900 tokens of context the plain
 * loop, a chain of dependent float adds, took 30% of a run's samples (2026-12-05). Stateless and
 * thread-safe.
 */
final class VectorApiOps implements VectorOps {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private final ReferenceVectorOps plain = new ReferenceVectorOps();

  /**
   * One vector accumulator over {@code i} (lane {@code l} sums the products of the elements {@code
   * l} mod the lane count, in order, each fused), its lanes summed by {@link LaneSums}, then the
   * elements past the last whole vector left to right: {@link VectorMatmul#dot}'s order. Differs
   * from {@link ReferenceVectorOps#dot} by float rounding only.
   */
  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    FloatVector acc = FloatVector.zero(SPECIES);
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
      acc = FloatVector.fromArray(SPECIES, a, aOff + i)
          .fma(FloatVector.fromArray(SPECIES, b, bOff + i), acc);
    }
    float sum = LaneSums.sum(acc);
    for (; i < n; i++) {
      sum += a[aOff + i] * b[bOff + i];
    }
    return sum;
  }

  @Override
  public void rmsnorm(float[] out, float[] x, float[] weight, int size, float eps) {
    plain.rmsnorm(out, x, weight, size, eps);
  }

  @Override
  public void softmax(float[] x, int offset, int size) {
    plain.softmax(x, offset, size);
  }

  @Override
  public void rope(float[] vec, int length, RopeTable table, int pos) {
    plain.rope(vec, length, table, pos);
  }

  @Override
  public void rmsnormHeads(float[] x, int length, float[] weight, int headSize, float eps) {
    plain.rmsnormHeads(x, length, weight, headSize, eps);
  }

  @Override
  public void swiglu(float[] gate, float[] up, int size) {
    plain.swiglu(gate, up, size);
  }
}
