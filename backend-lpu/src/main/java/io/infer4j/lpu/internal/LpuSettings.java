package io.infer4j.lpu.internal;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.InvalidRequestException;
import io.infer4j.lpu.LpuPrecision;
import io.infer4j.runtime.serving.WeightType;
import io.infer4j.spi.BackendConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The simulation keys of an "lpu" backend instance (besides the model keys): {@value #CHIPS} (0 =
 * the fewest that fit), {@value #PRECISION} ({@code int8}, {@code fp8}, {@code fp16}; default from
 * the file's weight type), {@value #NETWORK_LATENCY} and {@value #QUEUE_DELAY} (durations added to
 * the time to first token, default 0), {@value #PACING} ({@code none} or {@code real-time}).
 *
 * @param chips chips to compile for, 0 for the fewest that fit
 * @param precision the weight precision, or empty to follow the file
 * @param networkLatency client-to-system round trip added to the time to first token
 * @param queueDelay time before the system starts the request, added to the time to first token
 * @param pacing whether chunks wait for their simulated arrival
 */
public record LpuSettings(
    int chips,
    Optional<LpuPrecision> precision,
    Duration networkLatency,
    Duration queueDelay,
    Pacing pacing) {
  public static final String CHIPS = "chips";
  public static final String PRECISION = "precision";
  public static final String NETWORK_LATENCY = "network-latency";
  public static final String QUEUE_DELAY = "queue-delay";
  public static final String PACING = "pacing";

  public LpuSettings {
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(networkLatency, "networkLatency");
    Objects.requireNonNull(queueDelay, "queueDelay");
    Objects.requireNonNull(pacing, "pacing");
    if (chips < 0 || networkLatency.isNegative() || queueDelay.isNegative()) {
      throw new IllegalArgumentException("chips and durations must not be negative");
    }
  }

  /**
   * Reads the keys.
   *
   * @throws InvalidConfigurationException naming the full key of a bad value
   */
  public static LpuSettings from(BackendConfig config) {
    int chips = config.getInt(CHIPS, 0);
    if (chips < 0) {
      throw new InvalidConfigurationException(
          config.fullKey(CHIPS), String.valueOf(chips), "must be >= 0 (0 = the fewest that fit)");
    }
    Optional<LpuPrecision> precision = config.get(PRECISION).map(v -> {
      try {
        return LpuPrecision.parse(v);
      } catch (InvalidRequestException e) {
        throw new InvalidConfigurationException(config.fullKey(PRECISION), v, e.getMessage(), e);
      }
    });
    Duration network = nonNegative(config, NETWORK_LATENCY);
    Duration queue = nonNegative(config, QUEUE_DELAY);
    Pacing pacing = config.get(PACING)
        .map(v -> Pacing.parse(config.fullKey(PACING), v))
        .orElse(Pacing.NONE);
    return new LpuSettings(chips, precision, network, queue, pacing);
  }

  private static Duration nonNegative(BackendConfig config, String key) {
    Duration d = config.getDuration(key, Duration.ZERO);
    if (d.isNegative()) {
      throw new InvalidConfigurationException(config.fullKey(key), d.toString(), "must not be negative");
    }
    return d;
  }

  /**
   * The precision to compile for: the configured one, else the file's: 8-bit integer weights for
   * Q8_0 and the narrower GGML block formats (the LPU has no mode below INT8), FP16 for float
   * weights.
   */
  public LpuPrecision precisionFor(WeightType weights) {
    return precision.orElseGet(() -> switch (weights) {
      case Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K -> LpuPrecision.INT8;
      case F32, F16, BF16 -> LpuPrecision.FP16;
    });
  }
}
