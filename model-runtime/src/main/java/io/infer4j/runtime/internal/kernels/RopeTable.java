package io.infer4j.runtime.internal.kernels;

import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.RopeScaling;
import java.util.Objects;

/**
 * The rotation rate of every RoPE pair of one model, computed once: pair {@code j} of each head
 * (elements {@code 2j, 2j+1}, or {@code j, j + dims/2} in the {@link RopeStyle#NEOX} layout)
 * turns at position {@code pos} by
 *
 * <pre>{@code angle(j, pos) = pos * base^(-2j / dims) / factor[j] * (1 / linearFactor)}</pre>
 *
 * radians, in float32 and in that order (llama.cpp's {@code ggml_rope_ext}: the frequency factor
 * divides the unscaled angle, then the linear {@code freq_scale} multiplies it). The base power is
 * computed as run.c does ({@code 1.0f / powf(base, 2j / (float) dims)}), and dividing or
 * multiplying by 1 is exact, so plain RoPE is bit-identical to run.c. Pairs at or past {@code
 * dims / 2} do not rotate.
 *
 * <p>Immutable and thread-safe; the arrays given to it are copied.
 */
public final class RopeTable {
  private final int headSize;
  private final RopeStyle style; // where the two elements of a pair sit
  private final float[] frequency; // radians per position of pair j, before factor and scale
  private final float[] factor; // divisor of pair j's angle (1 when the model has none)
  private final float scale; // 1 / linearFactor, llama.cpp's freq_scale

  /**
   * @param headSize width of one head (the stride between heads in a rotated vector)
   * @param dims leading dimensions of each head that rotate: even, in {@code [2, headSize]}
   * @param base frequency base (theta), positive and finite
   * @param linearFactor positions are divided by it, positive and finite (1 for none)
   * @param factors per-pair divisors of the angle, {@code dims / 2} positive finite values, or
   *     null for none
   * @throws IllegalArgumentException naming the parameter that is out of range
   */
  public RopeTable(int headSize, int dims, float base, float linearFactor, float[] factors) {
    this(headSize, dims, base, linearFactor, factors, RopeStyle.NORMAL);
  }

  /**
   * As {@link #RopeTable(int, int, float, float, float[])}, with the pairs laid out as {@code
   * style} says.
   */
  public RopeTable(
      int headSize, int dims, float base, float linearFactor, float[] factors, RopeStyle style) {
    this.style = Objects.requireNonNull(style, "style");
    if (dims < 2 || dims % 2 != 0 || dims > headSize) {
      throw new IllegalArgumentException(
          "RoPE dims must be even and in [2, headSize " + headSize + "]: " + dims);
    }
    if (!(base > 0) || !Float.isFinite(base)) {
      throw new IllegalArgumentException("RoPE base must be positive and finite: " + base);
    }
    if (!(linearFactor > 0) || !Float.isFinite(linearFactor)) {
      throw new IllegalArgumentException(
          "RoPE linearFactor must be positive and finite: " + linearFactor);
    }
    int pairs = dims / 2;
    if (factors != null && factors.length != pairs) {
      throw new IllegalArgumentException(
          "RoPE factors has " + factors.length + " entries, expected dims / 2 = " + pairs);
    }
    this.headSize = headSize;
    this.frequency = new float[pairs];
    this.factor = new float[pairs];
    for (int j = 0; j < pairs; j++) {
      frequency[j] = 1.0f / (float) Math.pow(base, (2 * j) / (float) dims);
      float f = factors == null ? 1f : factors[j];
      if (!(f > 0) || !Float.isFinite(f)) {
        throw new IllegalArgumentException(
            "RoPE factor " + j + " must be positive and finite: " + f);
      }
      factor[j] = f;
    }
    this.scale = 1.0f / linearFactor;
  }

  /** Plain RoPE over whole heads, as run.c computes it. */
  public static RopeTable plain(int headSize, float base) {
    return new RopeTable(headSize, headSize, base, 1f, null);
  }

  /**
   * The table of a model.
   *
   * @param factors the model's per-pair divisors ({@link RopeScaling#frequencyFactors}), or an
   *     empty array when it has none
   */
  public static RopeTable of(ModelConfig config, float[] factors) {
    return of(config, factors, RopeStyle.NORMAL);
  }

  /** As {@link #of(ModelConfig, float[])}, with the pairs laid out as {@code style} says. */
  public static RopeTable of(ModelConfig config, float[] factors, RopeStyle style) {
    RopeScaling rope = config.rope();
    return new RopeTable(
        config.headSize(),
        config.ropeDimensions(),
        config.ropeBase(),
        rope.linearFactor(),
        factors.length == 0 ? null : factors,
        style);
  }

  /** Where the two elements of a pair sit. */
  public RopeStyle style() {
    return style;
  }

  /** Width of one head. */
  public int headSize() {
    return headSize;
  }

  /** Rotated pairs per head ({@code dims / 2}). */
  public int pairs() {
    return frequency.length;
  }

  /** The angle in radians by which pair {@code pair} of every head turns at {@code pos}. */
  public float angle(int pair, int pos) {
    return pos * frequency[pair] / factor[pair] * scale;
  }
}
