package io.infer4j.samples.cli.internal.compare;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InvalidRequestException;
import io.infer4j.RouteDecision;
import io.infer4j.Routing;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.BackendProvider;
import io.infer4j.spi.CompositeBackendProvider;
import io.infer4j.spi.LatencyEstimate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which platform the router would choose for a request: the real router ({@code
 * infer4j.backend=router}) is built over one {@link PredictionBackend} per platform, each
 * predicting that platform's figures, and asked with {@link Routing#explain}. So the pick follows
 * the router's rules exactly: a platform fits when its predicted time to first token and total
 * time for the request's {@code maxTokens} meet the budget, predictions taken with the router's
 * margin for their confidence ({@code 2 - confidence}: the GPU timing model says 0.8, the LPU
 * simulator and a measurement 1.0); then the policy ranks them ({@code fastest}, or {@code
 * cheapest-within-budget}, where a platform without a price counts as free, as an unpriced
 * backend does in the router).
 */
public final class RouterPick {

  /** The policies that need only predictions and prices. */
  public enum Policy {
    FASTEST("fastest"),
    CHEAPEST_WITHIN_BUDGET("cheapest-within-budget");

    private final String id;

    Policy(String id) {
      this.id = id;
    }

    /** The name used in configuration ({@code infer4j.router.policy}) and on the command line. */
    public String id() {
      return id;
    }

    /** @throws InvalidRequestException naming {@code policy} and the accepted names */
    public static Policy fromId(String id) {
      for (Policy p : values()) {
        if (p.id.equalsIgnoreCase(id == null ? "" : id.strip())) {
          return p;
        }
      }
      throw new InvalidRequestException("policy",
          "unknown policy '" + id + "'; accepted: fastest, cheapest-within-budget");
    }
  }

  /**
   * A platform offered to the router.
   *
   * @param platform its name, unique among the candidates and usable as an instance name
   * @param estimate its predicted latency
   * @param costPerMillionTokens its price, when known
   */
  public record Candidate(String platform, LatencyEstimate estimate, OptionalDouble costPerMillionTokens) {
    public Candidate {
      Objects.requireNonNull(platform, "platform");
      Objects.requireNonNull(estimate, "estimate");
      Objects.requireNonNull(costPerMillionTokens, "costPerMillionTokens");
    }
  }

  /**
   * The router's answer.
   *
   * @param platform the chosen platform, or empty when none fits (the router would fail the request)
   * @param reason the router's reason, plus what a reader needs to weigh it
   * @param fitting the platforms the router found eligible
   */
  public record Pick(Optional<String> platform, String reason, Set<String> fitting) {
    public Pick {
      Objects.requireNonNull(platform, "platform");
      Objects.requireNonNull(reason, "reason");
      fitting = Set.copyOf(fitting);
    }
  }

  private static final String INSTANCE = "compare";

  private RouterPick() {}

  /**
   * Asks the router where {@code request} would go among {@code candidates}.
   *
   * @param request the prompt, its {@code maxTokens} (the workload) and its budget
   */
  public static Pick pick(List<Candidate> candidates, InferenceRequest request, Policy policy) {
    if (candidates.isEmpty()) {
      return new Pick(Optional.empty(), "no platform has figures to choose from", Set.of());
    }
    Map<String, Candidate> byName = new LinkedHashMap<>();
    candidates.forEach(c -> byName.put(c.platform(), c));
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("infer4j.router.backends", String.join(",", byName.keySet()));
    keys.put("infer4j.router.policy", policy.id());
    byName.values().forEach(c -> c.costPerMillionTokens().ifPresent(cost -> keys.put(
        BackendConfig.BACKENDS_PREFIX + c.platform() + ".cost-per-million-tokens", String.valueOf(cost))));
    BackendConfig config = BackendConfig.of(INSTANCE, "router", key -> Optional.ofNullable(keys.get(key)));
    Backend routed = routerProvider().create(config,
        (name, listedBy) -> new PredictionBackend(byName.get(name).estimate()));
    RouteDecision decision;
    try (InferenceClient router = InferenceClients.of(INSTANCE, routed)) {
      decision = Routing.explain(router, request);
    }
    Set<String> fitting = decision.candidates().stream()
        .filter(RouteDecision.Candidate::eligible)
        .map(RouteDecision.Candidate::backend)
        .collect(Collectors.toSet());
    String reason = decision.reason();
    long priced = candidates.stream().filter(c -> c.costPerMillionTokens().isPresent()).count();
    if (policy == Policy.CHEAPEST_WITHIN_BUDGET && priced == 0) {
      reason += " (no platform has a price, so all count as free and the faster wins)";
    } else if (policy == Policy.CHEAPEST_WITHIN_BUDGET && priced < candidates.size()) {
      reason += " (only " + priced + " of " + candidates.size() + " platforms have a price; the"
          + " others count as free)";
    }
    return new Pick(decision.chosen().isEmpty() ? Optional.empty() : Optional.of(decision.chosen()),
        reason, fitting);
  }

  /** The router's provider, found the way every backend is: by {@link ServiceLoader}. */
  private static CompositeBackendProvider routerProvider() {
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
      if (p.name().equals("router") && p instanceof CompositeBackendProvider router) {
        return router;
      }
    }
    throw new IllegalStateException("the router provider of infer4j-sdk-api is not on the class path");
  }

  /** {@code "TTFT <= 500 ms, total <= 2000 ms"}, or {@code "no budget"}. */
  public static String describe(OptionalDouble ttftMs, OptionalDouble totalMs) {
    StringBuilder s = new StringBuilder();
    ttftMs.ifPresent(v -> s.append(String.format(Locale.ROOT, "TTFT <= %s ms", Numbers.figure(v))));
    totalMs.ifPresent(v -> s.append(s.isEmpty() ? "" : ", ")
        .append(String.format(Locale.ROOT, "total <= %s ms", Numbers.figure(v))));
    return s.isEmpty() ? "no budget" : s.toString();
  }
}
