package io.infer4j.benchmarks.internal;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceRequest;
import io.infer4j.RateLimitedException;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.LatencyEstimate;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A backend that does no work: it answers {@code maxTokens} tokens ("ok ok ok ...") at once, so a
 * benchmark over it measures the SDK (client wrapper, router) and nothing else.
 *
 * <p><b>Estimate.</b> Given a {@link LatencyEstimate} it returns it from {@link #estimate} for
 * every request (as the LPU simulator does); without one the router has to learn its latency.
 *
 * <p><b>Addressing</b> (for warming the router's learnt models): a raw prompt that starts with
 * {@code @<instance> } is served only by that instance; any other instance answers {@link
 * RateLimitedException} with a retry time of 1 ns, which the router skips without counting a
 * failure (no circuit breaker, no failure share) and which has passed by the next request.
 * Prompts without {@code @} go to whichever instance is asked.
 *
 * <p>Thread-safe; generations are independent.
 */
public final class InstantBackend implements Backend {

  /** Retry time of the addressing refusal: gone before the router's next decision. */
  private static final Duration REFUSAL_WAIT = Duration.ofNanos(1);

  private final String name;
  private final Optional<LatencyEstimate> estimate;
  private final Set<Capability> capabilities;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param name the configured instance name (what an address must say)
   * @param estimate the prediction to give for every request, or {@code null} for none
   */
  public InstantBackend(String name, LatencyEstimate estimate) {
    this.name = name;
    this.estimate = Optional.ofNullable(estimate);
    EnumSet<Capability> caps = EnumSet.of(Capability.CHAT, Capability.RAW_PROMPT, Capability.STREAMING);
    if (estimate != null) {
      caps.add(Capability.LATENCY_ESTIMATE);
    }
    this.capabilities = Set.copyOf(caps);
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public Optional<LatencyEstimate> estimate(InferenceRequest request) {
    return estimate;
  }

  /**
   * @throws BackendUnavailableException once closed
   * @throws RateLimitedException for a raw prompt addressed to another instance
   */
  @Override
  public Generation start(InferenceRequest request, Deadline deadline) {
    if (closed.get()) {
      throw new BackendUnavailableException(name, "closed", false);
    }
    if (request.isRawPrompt() && isAddressedElsewhere(request.prompt())) {
      throw new RateLimitedException(name, "prompt addressed to another instance", REFUSAL_WAIT);
    }
    return new InstantGeneration(request.sampling().maxTokens(), name + "-model");
  }

  private boolean isAddressedElsewhere(String prompt) {
    if (!prompt.startsWith("@")) {
      return false;
    }
    return !(prompt.startsWith(name, 1)
        && prompt.length() > name.length() + 1
        && prompt.charAt(name.length() + 1) == ' ');
  }

  @Override
  public void close() {
    closed.set(true);
  }

  @Override
  public String toString() {
    return "InstantBackend[" + name + (estimate.isPresent() ? ", estimates" : ", learnt") + "]";
  }
}
