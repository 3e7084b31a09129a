package io.infer4j.benchmarks.internal;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.BackendProvider;
import io.infer4j.spi.LatencyEstimate;
import java.time.Duration;

/**
 * The provider {@code instant}: an {@link InstantBackend} per configured instance, for the
 * benchmarks only (registered in this module's {@code META-INF/services}).
 *
 * <p>Keys, all optional ({@code infer4j.backends.<name>.}): {@code estimate-ttft} and {@code
 * estimate-per-token} (durations; with the first, the backend predicts its latency like a
 * simulator does, the second defaulting to 0) and {@code estimate-confidence} (in {@code [0, 1]},
 * default 1). Without {@code estimate-ttft} the backend gives no estimate, so the router learns its
 * latency from observation. Bad values fail with {@link InvalidConfigurationException} naming the
 * full key.
 */
public final class InstantProvider implements BackendProvider {

  /** The provider name used in {@code infer4j.backends.<name>.type}. */
  public static final String NAME = "instant";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Backend create(BackendConfig config) {
    Duration ttft = config.getDuration("estimate-ttft", null);
    if (ttft == null) {
      return new InstantBackend(config.instanceName(), null);
    }
    Duration perToken = config.getDuration("estimate-per-token", Duration.ZERO);
    double confidence = config.getDouble("estimate-confidence", 1.0);
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new InvalidConfigurationException(
          config.fullKey("estimate-confidence"), String.valueOf(confidence), "must be in [0, 1]");
    }
    return new InstantBackend(
        config.instanceName(), new LatencyEstimate(ttft, perToken, confidence));
  }
}
