package io.infer4j.runtime;

/**
 * Sampling parameters. Temperature 0 means greedy (argmax); otherwise the steps run in this order:
 * temperature, softmax, top-k, min-p, top-p, then a draw from the remaining probabilities.
 *
 * @param temperature logits are divided by it; 0 for greedy, else positive and finite
 * @param topK keep only the k most probable tokens; 0 disables
 * @param minP drop tokens whose probability is below {@code minP} times the largest; 0 disables,
 *     else in (0, 1]
 * @param topP nucleus sampling threshold in (0, 1]; 1 disables
 * @param seed seed of the xorshift64* generator (run.c uses the unsigned 64-bit value)
 */
public record SamplerSettings(float temperature, int topK, float minP, float topP, long seed) {

  /**
   * Checks the ranges.
   *
   * @throws IllegalArgumentException naming the parameter that is out of range
   */
  public SamplerSettings {
    if (!(temperature >= 0) || !Float.isFinite(temperature)) {
      throw new IllegalArgumentException("temperature must be >= 0 and finite: " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("topK must be >= 0: " + topK);
    }
    if (!(minP >= 0 && minP <= 1)) {
      throw new IllegalArgumentException("minP must be in [0, 1]: " + minP);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1]: " + topP);
    }
  }

  /** {@return greedy decoding: temperature 0, top-k, min-p and top-p off, seed 0} */
  public static SamplerSettings greedy() {
    return new SamplerSettings(0f, 0, 0f, 1f, 0L);
  }
}
