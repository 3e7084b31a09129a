package io.infer4j.samples.cli.internal.compare;

import io.infer4j.spi.LatencyEstimate;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One platform's answer to the prompt, in the units the table prints.
 *
 * @param ttftMs time to first token, milliseconds
 * @param tokensPerS decode rate after the first token, tokens per second (0 when fewer than two
 *     tokens came)
 * @param totalMs time to the last token, milliseconds
 * @param outputTokens how many tokens {@code totalMs} is for
 * @param confidence how far the figures can be trusted, as {@link LatencyEstimate#confidence()}:
 *     1.0 for a measurement and for the LPU simulator, the GPU timing model's own figure for its
 *     predictions
 * @param costPerMillionTokens US dollars per million tokens, when known (a remote instance's
 *     {@code cost-per-million-tokens}); the what-if models do not price hardware yet
 * @param joulesPerToken energy per output token, when known; no model gives it yet
 */
public record Figures(
    double ttftMs,
    double tokensPerS,
    double totalMs,
    int outputTokens,
    double confidence,
    OptionalDouble costPerMillionTokens,
    OptionalDouble joulesPerToken) {

  /**
   * @throws IllegalArgumentException if a figure is negative or not finite, the first token comes
   *     after the last, or the confidence is outside [0, 1]
   */
  public Figures {
    for (double v : new double[] {ttftMs, tokensPerS, totalMs}) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("figures must be finite and >= 0: " + v);
      }
    }
    if (outputTokens < 0) {
      throw new IllegalArgumentException("outputTokens must be >= 0: " + outputTokens);
    }
    if (ttftMs > totalMs) {
      throw new IllegalArgumentException("ttft " + ttftMs + " ms exceeds total " + totalMs + " ms");
    }
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
    }
    Objects.requireNonNull(costPerMillionTokens, "costPerMillionTokens");
    Objects.requireNonNull(joulesPerToken, "joulesPerToken");
  }

  /** Measured figures: confidence 1, no cost or energy known. */
  public static Figures measured(double ttftMs, double tokensPerS, double totalMs, int outputTokens) {
    return new Figures(ttftMs, tokensPerS, totalMs, outputTokens, 1.0, OptionalDouble.empty(),
        OptionalDouble.empty());
  }

  /** A timing model's prediction for {@code outputTokens} tokens. */
  public static Figures predicted(LatencyEstimate estimate, int outputTokens) {
    double perTokenNs = estimate.perToken().toNanos();
    return new Figures(estimate.timeToFirstToken().toNanos() / 1e6,
        perTokenNs > 0 ? 1e9 / perTokenNs : 0, estimate.total(outputTokens).toNanos() / 1e6,
        outputTokens, estimate.confidence(), OptionalDouble.empty(), OptionalDouble.empty());
  }

  /** These figures with a price per million tokens. */
  public Figures withCost(OptionalDouble costPerMillion) {
    return new Figures(ttftMs, tokensPerS, totalMs, outputTokens, confidence, costPerMillion,
        joulesPerToken);
  }

  /** The figures as the router takes a backend's prediction. */
  public LatencyEstimate estimate() {
    return new LatencyEstimate(Duration.ofNanos(Math.round(ttftMs * 1e6)),
        Duration.ofNanos(tokensPerS > 0 ? Math.round(1e9 / tokensPerS) : 0), confidence);
  }
}
