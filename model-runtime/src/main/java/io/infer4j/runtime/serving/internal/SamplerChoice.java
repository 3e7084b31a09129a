package io.infer4j.runtime.serving.internal;

import io.infer4j.Sampling;
import io.infer4j.runtime.Sampler;
import io.infer4j.runtime.SamplerSettings;
import io.infer4j.runtime.Samplers;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sampler for a request's {@link Sampling}: greedy at temperature 0; with top-k and min-p off,
 * run.c's sampler (so a seed, temperature and top-p reproduce run.c); otherwise the filter chain.
 * Without a seed, a random nonzero one (xorshift64* stays at 0 from 0).
 */
public final class SamplerChoice {
  private SamplerChoice() {}

  /** A new sampler for one generation. */
  public static Sampler of(Sampling sampling) {
    long seed = sampling.seed() != null ? sampling.seed() : randomSeed();
    return Samplers.of(new SamplerSettings(
        (float) sampling.temperature(),
        sampling.topK(),
        (float) sampling.minP(),
        (float) sampling.topP(),
        seed));
  }

  private static long randomSeed() {
    long seed;
    do {
      seed = ThreadLocalRandom.current().nextLong();
    } while (seed == 0);
    return seed;
  }
}
