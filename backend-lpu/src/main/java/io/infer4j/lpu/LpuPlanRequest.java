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

  /** INT8, as few chips as fit, 128 prompt and 128 output tokens, batch 1, no network or queue. */
  public static LpuPlanRequest defaults() {
    return new LpuPlanRequest(LpuPrecision.INT8, FEWEST_THAT_FIT, 128, 128, 1, Duration.ZERO,
        Duration.ZERO, Double.NaN, Double.NaN);
  }

  /** {@return tokens the KV cache must hold per sequence: prompt plus output} */
  public int contextTokens() {
    return promptTokens + outputTokens;
  }

  public LpuPlanRequest withPrecision(LpuPrecision value) {
    return new LpuPlanRequest(value, chips, promptTokens, outputTokens, batch, networkLatency,
        queueDelay, usdPerChipHour, wattsPerChip);
  }

  public LpuPlanRequest withChips(int value) {
    return new LpuPlanRequest(precision, value, promptTokens, outputTokens, batch, networkLatency,
        queueDelay, usdPerChipHour, wattsPerChip);
  }

  public LpuPlanRequest withPromptTokens(int value) {
    return new LpuPlanRequest(precision, chips, value, outputTokens, batch, networkLatency,
        queueDelay, usdPerChipHour, wattsPerChip);
  }

  public LpuPlanRequest withOutputTokens(int value) {
    return new LpuPlanRequest(precision, chips, promptTokens, value, batch, networkLatency,
        queueDelay, usdPerChipHour, wattsPerChip);
  }

  public LpuPlanRequest withBatch(int value) {
    return new LpuPlanRequest(precision, chips, promptTokens, outputTokens, value, networkLatency,
        queueDelay, usdPerChipHour, wattsPerChip);
  }

  public LpuPlanRequest withNetworkLatency(Duration value) {
    return new LpuPlanRequest(precision, chips, promptTokens, outputTokens, batch, value,
        queueDelay, usdPerChipHour, wattsPerChip);
  }

  /** With a price per chip-hour in US dollars (NaN: none). */
  public LpuPlanRequest withUsdPerChipHour(double value) {
    return new LpuPlanRequest(precision, chips, promptTokens, outputTokens, batch, networkLatency,
        queueDelay, value, wattsPerChip);
  }

  /** With a power per chip in watts (NaN: the published figure). */
  public LpuPlanRequest withWattsPerChip(double value) {
    return new LpuPlanRequest(precision, chips, promptTokens, outputTokens, batch, networkLatency,
        queueDelay, usdPerChipHour, value);
  }

  public LpuPlanRequest withQueueDelay(Duration value) {
    return new LpuPlanRequest(precision, chips, promptTokens, outputTokens, batch, networkLatency,
        value, usdPerChipHour, wattsPerChip);
  }
}
