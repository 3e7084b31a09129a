package io.infer4j.lpu;

import io.infer4j.InvalidRequestException;
import java.time.Duration;
import java.util.Objects;

/**
 * What to plan for: precision, chips, workload and the terms outside the LPU system. Immutable;
 * derive variants with the {@code with...} methods. Invalid values are rejected with an {@link
 * InvalidRequestException} naming the field.
 *
 * @param precision how weights are stored and multiplied
 * @param chips chips to use, or {@link #FEWEST_THAT_FIT} (0) for as few as fit
 * @param promptTokens tokens in the prompt (prefill), at least 1
 * @param outputTokens tokens to generate, at least 1
 * @param batch sequences served together (each with its own KV cache), at least 1
 * @param networkLatency round trip between the client and the LPU system; added to the
 *     end-to-end time to first token only. {@link Duration#ZERO} for an in-process caller
 * @param queueDelay time a request waits before the system starts it (admission, batching);
 *     added to the end-to-end time to first token only
 * @param usdPerChipHour price of one chip-hour for the plan's cost figures, or NaN (the default:
 *     no public price exists; GroqCloud sells tokens, not chip-hours)
 * @param wattsPerChip power of one chip for the energy figures, or NaN for the published figure
 */
public record LpuPlanRequest(
    LpuPrecision precision,
    int chips,
    int promptTokens,
    int outputTokens,
    int batch,
    Duration networkLatency,
    Duration queueDelay,
    double usdPerChipHour,
    double wattsPerChip) {

  /** The value of {@link #chips} that asks for the fewest chips that fit. */
  public static final int FEWEST_THAT_FIT = 0;

  /**
   * Checks every component.
   *
   * @throws NullPointerException if {@code precision}, {@code networkLatency} or {@code
   *     queueDelay} is null
   * @throws InvalidRequestException naming the field when {@code chips} is negative, {@code
   *     promptTokens}, {@code outputTokens} or {@code batch} is below 1, a duration is negative, or
   *     {@code usdPerChipHour} (field {@code pricePerHour}) is negative or infinite, or {@code
   *     wattsPerChip} (field {@code watts}) is not positive or infinite
   */
  public LpuPlanRequest {
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(networkLatency, "networkLatency");
    Objects.requireNonNull(queueDelay, "queueDelay");
    if (chips < 0) {
      throw new InvalidRequestException("chips", "must be >= 0 (0 = as few as fit): " + chips);
    }
    if (promptTokens < 1) {
      throw new InvalidRequestException("promptTokens", "must be >= 1: " + promptTokens);
    }
    if (outputTokens < 1) {
      throw new InvalidRequestException("outputTokens", "must be >= 1: " + outputTokens);
    }
    if (batch < 1) {
      throw new InvalidRequestException("batch", "must be >= 1: " + batch);
    }
    if (networkLatency.isNegative()) {
      throw new InvalidRequestException(
          "networkLatency", "must not be negative: " + networkLatency);
    }
    if (queueDelay.isNegative()) {
      throw new InvalidRequestException("queueDelay", "must not be negative: " + queueDelay);
    }
    if (!Double.isNaN(usdPerChipHour) && !(usdPerChipHour >= 0 && usdPerChipHour < Double.POSITIVE_INFINITY)) {
      throw new InvalidRequestException("pricePerHour", "must be a finite amount >= 0: " + usdPerChipHour);
    }
    if (!Double.isNaN(wattsPerChip) && !(wattsPerChip > 0 && wattsPerChip < Double.POSITIVE_INFINITY)) {
      throw new InvalidRequestException("watts", "must be a finite power > 0: " + wattsPerChip);
    }
  }

  /**
   * {@return INT8, as few chips as fit, 128 prompt and 128 output tokens, batch 1, no network or
   * queue, no price, the published power}
   */
  public static LpuPlanRequest defaults() {
    return new LpuPlanRequest(LpuPrecision.INT8, FEWEST_THAT_FIT, 128, 128, 1, Duration.ZERO,
        Duration.ZERO, Double.NaN, Double.NaN);
  }

  /** {@return tokens the KV cache must hold per sequence: prompt plus output} */
  public int contextTokens() {
    return promptTokens + outputTokens;
  }

  /**
   * {@return a copy with {@code precision} replaced}
   *
   * @param value the weight precision; not null
   * @throws NullPointerException if {@code value} is null
   */
  public LpuPlanRequest withPrecision(LpuPrecision value) {
    return new LpuPlanRequest(value, chips, promptTokens, outputTokens, batch, networkLatency,
        queueDelay, usdPerChipHour, wattsPerChip);
  }

  /**
   * {@return a copy with {@code chips} replaced}
   *
   * @param value chips to use, or {@link #FEWEST_THAT_FIT}; at least 0
   * @throws InvalidRequestException naming {@code chips} when {@code value} is out of range
   */
  public LpuPlanRequest withChips(int value) {
    return new LpuPlanRequest(precision, value, promptTokens, outputTokens, batch, networkLatency,
        queueDelay, usdPerChipHour, wattsPerChip);
  }

  /**
   * {@return a copy with {@code promptTokens} replaced}
   *
   * @param value tokens in the prompt; at least 1
   * @throws InvalidRequestException naming {@code promptTokens} when {@code value} is out of range
   */
  public LpuPlanRequest withPromptTokens(int value) {
    return new LpuPlanRequest(precision, chips, value, outputTokens, batch, networkLatency,
        queueDelay, usdPerChipHour, wattsPerChip);
  }

  /**
   * {@return a copy with {@code outputTokens} replaced}
   *
   * @param value tokens to generate; at least 1
   * @throws InvalidRequestException naming {@code outputTokens} when {@code value} is out of range
   */
  public LpuPlanRequest withOutputTokens(int value) {
    return new LpuPlanRequest(precision, chips, promptTokens, value, batch, networkLatency,
        queueDelay, usdPerChipHour, wattsPerChip);
  }

  /**
   * {@return a copy with {@code batch} replaced}
   *
   * @param value sequences served together; at least 1
   * @throws InvalidRequestException naming {@code batch} when {@code value} is out of range
   */
  public LpuPlanRequest withBatch(int value) {
    return new LpuPlanRequest(precision, chips, promptTokens, outputTokens, value, networkLatency,
        queueDelay, usdPerChipHour, wattsPerChip);
  }

  /**
   * {@return a copy with {@code networkLatency} replaced}
   *
   * @param value client round trip; not null
   * @throws InvalidRequestException naming {@code networkLatency} when {@code value} is negative
   */
  public LpuPlanRequest withNetworkLatency(Duration value) {
    return new LpuPlanRequest(precision, chips, promptTokens, outputTokens, batch, value,
        queueDelay, usdPerChipHour, wattsPerChip);
  }

  /**
   * {@return a copy with a price per chip-hour}
   *
   * @param value US dollars per chip-hour, finite and at least 0, or NaN for no price
   * @throws InvalidRequestException (field {@code pricePerHour}) for a negative or infinite value
   */
  public LpuPlanRequest withUsdPerChipHour(double value) {
    return new LpuPlanRequest(precision, chips, promptTokens, outputTokens, batch, networkLatency,
        queueDelay, value, wattsPerChip);
  }

  /**
   * {@return a copy with a power per chip}
   *
   * @param value watts per chip, finite and above 0, or NaN for the published figure
   * @throws InvalidRequestException (field {@code watts}) for a value that is not positive or is
   *     infinite
   */
  public LpuPlanRequest withWattsPerChip(double value) {
    return new LpuPlanRequest(precision, chips, promptTokens, outputTokens, batch, networkLatency,
        queueDelay, usdPerChipHour, value);
  }

  /**
   * {@return a copy with {@code queueDelay} replaced}
   *
   * @param value wait before the system starts a request; not null
   * @throws InvalidRequestException naming {@code queueDelay} when {@code value} is negative
   */
  public LpuPlanRequest withQueueDelay(Duration value) {
    return new LpuPlanRequest(precision, chips, promptTokens, outputTokens, batch, networkLatency,
        value, usdPerChipHour, wattsPerChip);
  }
}
