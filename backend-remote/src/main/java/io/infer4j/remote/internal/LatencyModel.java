package io.infer4j.remote.internal;

import io.infer4j.spi.LatencyEstimate;
import java.time.Duration;
import java.util.Optional;

/**
 * Learns a remote backend's latency from what it observed, split so that prompt length and
 * output length both matter: time to first token = {@code base + perPromptToken * promptTokens}
 * (a least-squares line over exponentially weighted observations: queueing and network in the
 * intercept, prefill in the slope), and per-token time as an exponentially weighted mean of the
 * decode rate. Confidence grows with the number of observations. Thread-safe (synchronized; one
 * update per finished request).
 */
final class LatencyModel {

  /** Weight of the past per observation: 0.9 keeps roughly the last ten requests. */
  private static final double DECAY = 0.9;
  /** Observations for full confidence in the fit. */
  private static final int FULL_CONFIDENCE_AFTER = 20;
  /** The most confidence a learnt model gets (a remote server is never deterministic). */
  private static final double MAX_CONFIDENCE = 0.9;

  // Exponentially weighted sums for the line ttft(p) = a + b p, p in tokens, ttft in nanoseconds.
  private double w;
  private double sx;
  private double sy;
  private double sxx;
  private double sxy;
  private double perTokenNanos = -1;
  private long observations;

  /**
   * Records one finished request.
   *
   * @param promptTokens prompt tokens (reported, or estimated)
   * @param ttftNanos time from writing the request to the first visible token
   * @param completionTokens tokens generated
   * @param decodeNanos time from the first token to the end
   */
  synchronized void observe(int promptTokens, long ttftNanos, int completionTokens, long decodeNanos) {
    if (ttftNanos < 0) {
      return;
    }
    double x = promptTokens;
    double y = ttftNanos;
    w = DECAY * w + 1;
    sx = DECAY * sx + x;
    sy = DECAY * sy + y;
    sxx = DECAY * sxx + x * x;
    sxy = DECAY * sxy + x * y;
    if (completionTokens >= 2 && decodeNanos > 0) {
      double sample = decodeNanos / (double) (completionTokens - 1);
      perTokenNanos = perTokenNanos < 0 ? sample : DECAY * perTokenNanos + (1 - DECAY) * sample;
    }
    observations++;
  }

  /** The prediction for a prompt of this length, or empty before any observation. */
  synchronized Optional<LatencyEstimate> estimate(int promptTokens) {
    if (observations == 0) {
      return Optional.empty();
    }
    double meanX = sx / w;
    double meanY = sy / w;
    double varX = sxx / w - meanX * meanX;
    double slope = varX > 1e-9 ? Math.max(0, (sxy / w - meanX * meanY) / varX) : 0;
    double intercept = Math.max(0, meanY - slope * meanX);
    long ttft = (long) (intercept + slope * promptTokens);
    long perToken = (long) Math.max(0, perTokenNanos);
    double confidence = MAX_CONFIDENCE * Math.min(1.0, observations / (double) FULL_CONFIDENCE_AFTER);
    String source = "learnt from " + observations + (observations == 1 ? " answer" : " answers");
    return Optional.of(
        new LatencyEstimate(Duration.ofNanos(ttft), Duration.ofNanos(perToken), confidence, source));
  }
}
