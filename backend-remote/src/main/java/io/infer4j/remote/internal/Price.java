package io.infer4j.remote.internal;

import io.infer4j.Cost;
import io.infer4j.Usage;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A price in US dollars per million tokens, and where it came from.
 *
 * <p>{@link #costOf} is exact: (uncached prompt x input + cached x cached input + completion x
 * output) / 1,000,000, in {@link BigDecimal}. Cached tokens are part of the prompt tokens (as the
 * OpenAI usage object counts them), so they are priced once, at the cached price.
 *
 * @param inputPerMillion USD per million prompt tokens not served from the prompt cache, {@code >= 0}
 * @param cachedInputPerMillion USD per million prompt tokens served from the prompt cache, {@code >= 0}
 * @param outputPerMillion USD per million completion tokens, {@code >= 0}
 * @param source what the cost names as its source
 */
public record Price(BigDecimal inputPerMillion, BigDecimal cachedInputPerMillion,
    BigDecimal outputPerMillion, String source) {

  public Price {
    for (BigDecimal p : new BigDecimal[] {inputPerMillion, cachedInputPerMillion, outputPerMillion}) {
      if (p == null || p.signum() < 0) {
        throw new IllegalArgumentException("prices must be >= 0: " + p);
      }
    }
    Objects.requireNonNull(source, "source");
  }

  /** A price from decimal strings; the cached-input price is the input price. */
  static Price of(String input, String output, String source) {
    return new Price(new BigDecimal(input), new BigDecimal(input), new BigDecimal(output), source);
  }

  /** A price from decimal strings with its own cached-input price. */
  static Price of(String input, String cachedInput, String output, String source) {
    return new Price(
        new BigDecimal(input), new BigDecimal(cachedInput), new BigDecimal(output), source);
  }

  /** What {@code usage} costs at this price. */
  Cost costOf(Usage usage) {
    BigDecimal perMillion = inputPerMillion.multiply(BigDecimal.valueOf(usage.uncachedPromptTokens()))
        .add(cachedInputPerMillion.multiply(BigDecimal.valueOf(usage.cachedPromptTokens())))
        .add(outputPerMillion.multiply(BigDecimal.valueOf(usage.completionTokens())));
    return new Cost(perMillion.movePointLeft(6), source);
  }
}
