package io.infer4j.runtime.internal.sampling;

import io.infer4j.runtime.Sampler;

/**
 * run.c's {@code sample}: argmax at temperature 0; else temperature, softmax, one random float,
 * then multinomial sampling ({@code topp} outside (0, 1)) or top-p sampling. Not thread-safe: it
 * owns a random generator.
 */
public final class Llama2cSampler implements Sampler {
  private final float temperature;
  private final float topp;
  private final XorShiftRng rng;

  /**
   * @throws IllegalArgumentException if {@code temperature} is negative or not finite
   */
  public Llama2cSampler(float temperature, float topp, long seed) {
    if (!(temperature >= 0) || !Float.isFinite(temperature)) {
      throw new IllegalArgumentException("temperature must be >= 0 and finite: " + temperature);
    }
    this.temperature = temperature;
    this.topp = topp;
    this.rng = new XorShiftRng(seed);
  }

  @Override
  public int sample(float[] logits) {
    if (temperature == 0.0f) {
      return ArgmaxSampler.argmax(logits, logits.length);
    }
    Probabilities.applyTemperature(logits, temperature);
    Probabilities.softmax(logits);
    float coin = rng.nextFloat();
    if (topp <= 0 || topp >= 1) {
      return sampleMultinomial(logits, coin);
    }
    return sampleTopP(logits, topp, coin);
  }

  /** The first index whose cumulative probability exceeds {@code coin}; the last as fallback. */
  static int sampleMultinomial(float[] probabilities, float coin) {
    float cdf = 0.0f;
    for (int i = 0; i < probabilities.length; i++) {
      cdf += probabilities[i];
      if (coin < cdf) {
        return i;
      }
    }
    return probabilities.length - 1;
  }

  /**
   * Top-p as run.c: keep tokens with probability at least {@code (1 - topp) / (n - 1)} (they cannot
   * all be cut), sort them descending, truncate where the cumulative probability first exceeds
   * {@code topp}, then draw {@code coin * cumulative} from the truncated list.
   */
  static int sampleTopP(float[] probabilities, float topp, float coin) {
    int n = probabilities.length;
    float cutoff = (1.0f - topp) / (n - 1);
    Candidates c = Candidates.above(probabilities, cutoff);
    c.sortDescending();
    return drawNucleus(c, topp, coin);
  }

  /** The nucleus draw over sorted candidates, shared with the filter chain. */
  static int drawNucleus(Candidates c, float topp, float coin) {
    float cumulative = 0.0f;
    int last = c.size - 1;
    for (int i = 0; i < c.size; i++) {
      cumulative += c.probs[i];
      if (cumulative > topp) {
        last = i;
        break;
      }
    }
    float r = coin * cumulative;
    float cdf = 0.0f;
    for (int i = 0; i <= last; i++) {
      cdf += c.probs[i];
      if (r < cdf) {
        return c.ids[i];
      }
    }
    return c.ids[last];
  }
}
