package io.infer4j.runtime;

/**
 * How a model's rotary position embedding (RoPE) departs from the plain Llama 2 form, read from
 * GGUF metadata with llama.cpp's meaning. The plain form ({@link #NONE}) turns pair {@code j} of
 * every head (elements {@code 2j, 2j+1}) by {@code pos * ropeBase^(-2j / headSize)} radians;
 * otherwise pair {@code j} turns by
 *
 * <pre>{@code pos * ropeBase^(-2j / dims) / factor[j] / linearFactor}</pre>
 *
 * where {@code dims} is the number of rotated dimensions and {@code factor[j]} the model's
 * per-pair frequency divisor ({@code rope_freqs.weight}, 1 when absent). Dimensions of a head at
 * or past {@code dims} are not rotated.
 *
 * <p>An immutable value; YaRN scaling is not represented (such files are rejected when loaded).
 *
 * @param dimensions leading dimensions of each head that rotate ({@code llama.rope.dimension_count}),
 *     even; 0 means the whole head (the default, and what a file saying so is read as)
 * @param linearFactor positions are divided by it ({@code llama.rope.scaling.factor} under {@code
 *     llama.rope.scaling.type = linear}); 1 for none
 * @param frequencyFactors whether the model has per-pair frequency divisors ({@code
 *     rope_freqs.weight}, which llama.cpp's converter writes for Llama 3.1+ "llama3" scaling)
 */
public record RopeScaling(int dimensions, float linearFactor, boolean frequencyFactors) {

  /** Plain RoPE: the whole head, no position scaling, no frequency factors. */
  public static final RopeScaling NONE = new RopeScaling(0, 1f, false);

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException naming the field if {@code dimensions} is negative or odd, or
   *     {@code linearFactor} is not positive and finite
   */
  public RopeScaling {
    if (dimensions < 0 || dimensions % 2 != 0) {
      throw new IllegalArgumentException(
          "RoPE dimensions must be even and not negative: " + dimensions);
    }
    if (!(linearFactor > 0) || !Float.isFinite(linearFactor)) {
      throw new IllegalArgumentException(
          "RoPE linearFactor must be positive and finite: " + linearFactor);
    }
  }

  /** {@return whether this is plain RoPE (a kernel that only knows the plain form may run the model)} */
  public boolean isNone() {
    return equals(NONE);
  }
}
