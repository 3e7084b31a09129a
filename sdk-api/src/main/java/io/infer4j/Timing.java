package io.infer4j;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a request took, and on what.
 *
 * @param timeToFirstToken from the moment the client received the request to the first visible
 *     token; equal to {@code total} when no token was produced
 * @param total from the moment the client received the request to the end of the answer
 * @param tokensPerSecond the decode rate: completion tokens after the first, divided by the time
 *     after the first token; 0 when fewer than two tokens were produced
 * @param simulated {@code true} when the figures are the predictions of a timing model (the LPU
 *     simulator, a GPU what-if), {@code false} when measured with a monotonic clock
 * @param device what the figures are for: {@code "lpu"}, {@code "cpu-reference"}, a GPU name such
 *     as {@code "h100"}, {@code "remote"}; empty when the backend does not say
 * @param deviceCount how many of {@code device} (LPU chips, GPUs); 0 when not applicable
 */
public record Timing(
    Duration timeToFirstToken,
    Duration total,
    double tokensPerSecond,
    boolean simulated,
    String device,
    int deviceCount) {

  /**
   * Validates the figures; a {@code null} device becomes empty.
   *
   * @throws IllegalArgumentException if a duration is {@code null} or negative, {@code
   *     timeToFirstToken} exceeds {@code total}, {@code tokensPerSecond} is negative, infinite or
   *     NaN, or {@code deviceCount} is negative
   */
  public Timing {
    if (timeToFirstToken == null || total == null) {
      throw new IllegalArgumentException("timeToFirstToken and total must not be null");
    }
    if (timeToFirstToken.isNegative() || total.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
    if (timeToFirstToken.compareTo(total) > 0) {
      throw new IllegalArgumentException(
          "timeToFirstToken " + timeToFirstToken + " exceeds total " + total);
    }
    if (!(tokensPerSecond >= 0.0) || Double.isInfinite(tokensPerSecond)) {
      throw new IllegalArgumentException("tokensPerSecond must be finite and >= 0: " + tokensPerSecond);
    }
    device = device == null ? "" : device;
    if (deviceCount < 0) {
      throw new IllegalArgumentException("deviceCount must be >= 0: " + deviceCount);
    }
  }

  /**
   * Timing that does not name its device.
   *
   * @param timeToFirstToken from receiving the request to the first visible token
   * @param total from receiving the request to the end of the answer
   * @param tokensPerSecond the decode rate in tokens/s, finite and {@code >= 0}
   * @param simulated whether the figures are predictions of a timing model rather than measured
   * @throws IllegalArgumentException as the canonical constructor
   */
  public Timing(Duration timeToFirstToken, Duration total, double tokensPerSecond, boolean simulated) {
    this(timeToFirstToken, total, tokensPerSecond, simulated, "", 0);
  }

  /**
   * Derives the figures from the time to first token, the total time and the number of tokens,
   * following the definition of {@link #tokensPerSecond()}.
   *
   * @param timeToFirstToken from receiving the request to the first visible token
   * @param total from receiving the request to the end of the answer
   * @param completionTokens tokens generated; fewer than two give a rate of 0
   * @param simulated whether the figures are predictions of a timing model rather than measured
   * @return the timing, naming no device
   * @throws IllegalArgumentException if {@code timeToFirstToken} exceeds {@code total} or a
   *     duration is negative
   */
  public static Timing of(
      Duration timeToFirstToken, Duration total, int completionTokens, boolean simulated) {
    Duration decode = total.minus(timeToFirstToken);
    double rate = 0.0;
    if (completionTokens >= 2 && !decode.isNegative() && !decode.isZero()) {
      rate = (completionTokens - 1) / (decode.toNanos() / 1e9);
    }
    return new Timing(timeToFirstToken, total, rate, simulated);
  }

  /**
   * {@return the same figures, naming the device they are for}
   *
   * @param newDevice the device, as {@link #device()} names it
   * @param count how many of them, {@code >= 0}; 0 when not applicable
   * @throws NullPointerException if {@code newDevice} is {@code null}
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public Timing on(String newDevice, int count) {
    return new Timing(timeToFirstToken, total, tokensPerSecond, simulated,
        Objects.requireNonNull(newDevice, "device"), count);
  }
}
