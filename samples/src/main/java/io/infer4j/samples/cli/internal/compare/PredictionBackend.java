package io.infer4j.samples.cli.internal.compare;

import io.infer4j.InferenceRequest;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.LatencyEstimate;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A platform as the router sees it: a backend that predicts a row's latency and serves nothing.
 * {@link RouterPick} puts one per platform behind the real router and asks it for its decision;
 * the router never starts a request on it.
 */
final class PredictionBackend implements Backend {
  private final LatencyEstimate estimate;

  PredictionBackend(LatencyEstimate estimate) {
    this.estimate = Objects.requireNonNull(estimate, "estimate");
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.CHAT, Capability.RAW_PROMPT, Capability.LATENCY_ESTIMATE);
  }

  @Override
  public Optional<LatencyEstimate> estimate(InferenceRequest request) {
    return Optional.of(estimate);
  }

  /** @throws IllegalStateException always: compare only asks the router where it would go */
  @Override
  public Generation start(InferenceRequest request, Deadline deadline) {
    throw new IllegalStateException("a platform's prediction serves no request");
  }

  @Override
  public void close() {}
}
