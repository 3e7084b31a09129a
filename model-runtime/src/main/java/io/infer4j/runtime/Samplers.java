package io.infer4j.runtime;

import io.infer4j.runtime.internal.sampling.ArgmaxSampler;
import io.infer4j.runtime.internal.sampling.FilterChainSampler;
import io.infer4j.runtime.internal.sampling.Llama2cSampler;

/** Factories of {@link Sampler}s. Each call returns a new, independent sampler. */
public final class Samplers {
  private Samplers() {}

  /** {@return argmax; on ties the lowest id wins} Stateless. */
  public static Sampler greedy() {
    return new ArgmaxSampler();
  }

  /**
   * llama2.c's {@code run.c} sampler, reproducing its choices exactly for the same logits:
   * temperature 0 is argmax; otherwise temperature, softmax, one xorshift64* draw per token, and
   * multinomial sampling when {@code topP} is outside (0, 1), else top-p over candidates whose
   * probability is at least {@code (1 - topP) / (n - 1)}, sorted by probability (stable).
   *
   * @param temperature logits are divided by it; 0 for argmax
   * @param topP nucleus threshold; outside (0, 1) samples from the whole distribution
   * @param seed seed of the xorshift64* generator (run.c's unsigned 64-bit state)
   * @return the sampler, holding the generator's state
   * @throws IllegalArgumentException if {@code temperature} is negative or not finite
   */
  public static Sampler llama2c(float temperature, float topP, long seed) {
    return new Llama2cSampler(temperature, topP, seed);
  }

  /**
   * {@return a sampler for {@code settings}: greedy at temperature 0, else the filter chain the settings
   * describe (with top-k and min-p off it makes the same choices as {@link #llama2c})}
   *
   * @param settings the sampling parameters
   */
  public static Sampler of(SamplerSettings settings) {
    if (settings.temperature() == 0f) {
      return greedy();
    }
    if (settings.topK() == 0 && settings.minP() == 0f) {
      return llama2c(settings.temperature(), settings.topP(), settings.seed());
    }
    return new FilterChainSampler(settings);
  }
}
