package io.infer4j.runtime.internal.kernels;

/**
 * Element-wise and reduction ops of the transformer on float32 vectors. Implementations must be
 * stateless and thread-safe.
 */
public interface VectorOps {

  /** {@code out[i] = weight[i] * (x[i] / sqrt(mean(x^2) + eps))} for {@code i < size}. */
  void rmsnorm(float[] out, float[] x, float[] weight, int size, float eps);

  /** In-place softmax of {@code x[offset .. offset + size)}, max-subtracted for stability. */
  void softmax(float[] x, int offset, int size);

  /**
   * In-place rotary position embedding of {@code vec[0 .. length)} (whole heads of {@code
   * table.headSize()}) at position {@code pos}: pair {@code j} of each head rotates by {@code
   * table.angle(j, pos)}, its elements laid out as {@code table.style()} says ({@code (2j, 2j+1)}
   * for {@link RopeStyle#NORMAL}, {@code (j, j + pairs)} for {@link RopeStyle#NEOX}); elements
   * not in a pair are left as they are.
   */
  void rope(float[] vec, int length, RopeTable table, int pos);

  /**
   * RMSNorm of each head in place: for every head {@code x[h .. h + headSize)} of {@code x[0 ..
   * length)}, {@code x[h + j] = weight[j] * (x[h + j] / sqrt(mean(head^2) + eps))} (Qwen3's
   * query and key norms, one {@code weight} of {@code headSize} shared by every head).
   */
  void rmsnormHeads(float[] x, int length, float[] weight, int headSize, float eps);

  /**
   * Plain RoPE: elements {@code (i, i+1)} of each head rotate by {@code pos *
   * base^(-(i mod headSize)/headSize)} (the {@link RopeTable#plain} table; prefer building the
   * table once).
   */
  default void rope(float[] vec, int length, int headSize, int pos, float base) {
    rope(vec, length, RopeTable.plain(headSize, base), pos);
  }

  /** SwiGLU in place: {@code gate[i] = silu(gate[i]) * up[i]} for {@code i < size}. */
  void swiglu(float[] gate, float[] up, int size);

  /**
   * {@code sum(a[aOff + i] * b[bOff + i])} for {@code i < n}: an attention score, one query head
   * against one cached key.
   */
  float dot(float[] a, int aOff, float[] b, int bOff, int n);

  /**
   * {@code acc[accOff + i] = acc[accOff + i] + a * x[xOff + i]} for {@code i < n}, a product then
   * a sum, each rounded (not fused), so that every implementation gives the same floats: an
   * attention head's output taking one cached value vector times its weight.
   */
  void addScaled(float a, float[] x, int xOff, float[] acc, int accOff, int n);
}
