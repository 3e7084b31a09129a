package io.infer4j.samples.cli.internal.compare;

import java.util.OptionalDouble;

/**
 * One platform's answer to the prompt, in the units the table prints.
 *
 * @param ttftMs time to first token, milliseconds
 * @param tokensPerS decode rate after the first token, tokens per second (0 when fewer than two
 *     tokens came)
 * @param totalMs time to the last token, milliseconds
 * @param costPerMillionTokens US dollars per million tokens, when known (a remote instance's
 *     {@code cost-per-million-tokens}); the what-if models do not price hardware yet
 * @param joulesPerToken energy per output token, when known; no model gives it yet
 */
public record Figures(
    double ttftMs,
    double tokensPerS,
    double totalMs,
    OptionalDouble costPerMillionTokens,
    OptionalDouble joulesPerToken) {

  /**
   * @throws IllegalArgumentException if a figure is negative or not finite, or the first token
   *     comes after the last
   */
  public Figures {
    for (double v : new double[] {ttftMs, tokensPerS, totalMs}) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("figures must be finite and >= 0: " + v);
      }
    }
    if (ttftMs > totalMs) {
      throw new IllegalArgumentException("ttft " + ttftMs + " ms exceeds total " + totalMs + " ms");
    }
    java.util.Objects.requireNonNull(costPerMillionTokens, "costPerMillionTokens");
    java.util.Objects.requireNonNull(joulesPerToken, "joulesPerToken");
  }

  /** Latency figures with no cost or energy known. */
  public static Figures of(double ttftMs, double tokensPerS, double totalMs) {
    return new Figures(ttftMs, tokensPerS, totalMs, OptionalDouble.empty(), OptionalDouble.empty());
  }

  /** These figures with a price per million tokens. */
  public Figures withCost(OptionalDouble costPerMillion) {
    return new Figures(ttftMs, tokensPerS, totalMs, costPerMillion, joulesPerToken);
  }
}
