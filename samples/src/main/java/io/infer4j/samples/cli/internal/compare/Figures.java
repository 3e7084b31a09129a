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
 *     {@code cost-per-million-tokens}; for a simulated platform, per million output tokens at its
 *     default price per chip- or GPU-hour)
 * @param joulesPerToken energy per output token, when known (simulated platforms, at rated power)
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

  /** These figures with an energy per output token, J. */
  public Figures withJoules(OptionalDouble joules) {
    return new Figures(ttftMs, tokensPerS, totalMs, outputTokens, confidence, costPerMillionTokens,
        joules);
  }

  /** These figures with a simulated system's cost and energy per output token. */
  public Figures with(io.infer4j.runtime.shape.CostAndEnergy c) {
    return withCost(c.costPerMillionOutputTokens()).withJoules(c.joulesPerOutputToken());
  }

  /** The figures as the router takes a backend's prediction. */
  public LatencyEstimate estimate() {
    return new LatencyEstimate(Duration.ofNanos(Math.round(ttftMs * 1e6)),
        Duration.ofNanos(tokensPerS > 0 ? Math.round(1e9 / tokensPerS) : 0), confidence);
  }
}
