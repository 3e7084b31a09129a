package io.infer4j.runtime.internal.kernels;

/**
 * The vector ops of {@link Kernels#vector()}: attention scores ({@link #dot}) in Vector API lanes,
 * the element-wise ops as {@link ReferenceVectorOps}. An attention score is a dot product over one
 * head (64 or 128 floats) for every cached position and head, a work that grows with the context:
 * on a TinyLlama-shaped Q8_0 file at 900 tokens of context the scores are about 4% of a decode
 * step's multiply-adds, yet the plain loop, a chain of dependent float adds, took 30% of a run's
 * samples (2026-12-05). Stateless and thread-safe.
 */
final class VectorApiOps implements VectorOps {
  private final ReferenceVectorOps plain = new ReferenceVectorOps();

  /**
   * {@link VectorMatmul#dot(float[], int, float[], int, int)}: lanes of fused products, summed by
   * {@link LaneSums}; differs from {@link ReferenceVectorOps#dot} by float rounding only.
   */
  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    return VectorMatmul.dot(a, aOff, b, bOff, n);
  }

  /**
   * {@link ReferenceVectorOps#addScaled}'s floats in Vector API lanes (a multiply, then an add, as
   * there). The plain loop, which C2 compiled to scalar instructions, held about half of a decode
   * step's samples at 64-264 tokens of context on a TinyLlama-shaped Q4_0 file with {@code
   * vector-int8}, whose decode went from 9.6 to 17.5 tokens/s with this; on the Q8_0, Q4_K and
   * F16 files of the same shape decode was the same before and after (2026-12-06, Xeon host).
   */
  @Override
  public void addScaled(float a, float[] x, int xOff, float[] acc, int accOff, int n) {
    VectorMatmul.addScaled(a, x, xOff, acc, accOff, n);
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
