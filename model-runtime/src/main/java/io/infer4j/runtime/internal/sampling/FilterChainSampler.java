package io.infer4j.runtime.internal.sampling;

import io.infer4j.runtime.Sampler;
import io.infer4j.runtime.SamplerSettings;

/**
 * Temperature, softmax, then top-k, min-p and top-p as separate steps over sorted candidates, and a
 * draw with run.c's random generator from what is left (the draw renormalizes implicitly: it scales
 * the coin by the kept mass). Not thread-safe: it owns a random generator.
 */
public final class FilterChainSampler implements Sampler {
  private final SamplerSettings settings;
  private final XorShiftRng rng;

  /** A sampler for {@code settings} (temperature must be positive). */
  public FilterChainSampler(SamplerSettings settings) {
    if (settings.temperature() <= 0f) {
      throw new IllegalArgumentException("the filter chain needs a positive temperature");
    }
    this.settings = settings;
    this.rng = new XorShiftRng(settings.seed());
  }

  @Override
  public int sample(float[] logits) {
    Probabilities.applyTemperature(logits, settings.temperature());
    Probabilities.softmax(logits);
    float coin = rng.nextFloat();
    Candidates c = Candidates.above(logits, 0f);
    c.sortDescending();
    TopKFilter.apply(c, settings.topK());
    MinPFilter.apply(c, settings.minP());
    float kept = 0f;
    for (int i = 0; i < c.size; i++) {
      kept += c.probs[i];
    }
    // top-p is a fraction of the mass that survived the earlier filters
    float topp = settings.topP() >= 1f ? Float.POSITIVE_INFINITY : settings.topP() * kept;
    return Llama2cSampler.drawNucleus(c, topp, coin);
  }
}
