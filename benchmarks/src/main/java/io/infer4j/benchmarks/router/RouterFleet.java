package io.infer4j.benchmarks.router;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.RouteDecision;
import io.infer4j.Routing;
import io.infer4j.benchmarks.internal.InstantProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The router the benchmarks measure: five {@link InstantProvider instant} backends configured like
 * a real deployment, two that estimate their own latency (as the LPU and GPU simulators do) and
 * three remote-like ones whose latency the router learns, each warmed with {@value
 * #OBSERVATIONS} real requests so its learnt model is full (the default window keeps 64).
 *
 * <p>The backends answer at once, so the learnt latencies are microseconds and every backend fits
 * a budget of 200 ms; the figures that matter (costs, priorities) still differ so each policy
 * ranks them its own way.
 */
final class RouterFleet {

  /** The simulator-like backends: they give {@code Backend.estimate()}. */
  static final List<String> ESTIMATING = List.of("sim", "gpu");

  /** The remote-like backends: learnt from observation, with priors before the first one. */
  static final List<String> LEARNT = List.of("groq", "nim", "openai");

  /** Observations fed to each learnt backend: the router's default window size. */
  static final int OBSERVATIONS = 64;

  private RouterFleet() {}

  /** The router over the five backends, with the given {@code infer4j.router.policy}. */
  static InferenceClient router(String policy) {
    return InferenceClients.fromProperties(config(policy));
  }

  /** The configuration, as full keys. */
  static Map<String, String> config(String policy) {
    Map<String, String> m = new HashMap<>();
    m.put("infer4j.backend", "router");
    m.put("infer4j.router.backends", "sim,gpu,groq,nim,openai");
    m.put("infer4j.router.policy", policy);
    // sim: exact estimate, like the LPU simulator (confidence 1)
    backend(m, "sim", "estimate-ttft", "2ms", "estimate-per-token", "1ms",
        "cost-per-million-tokens", "0", "priority", "3");
    // gpu: an estimate with confidence 0.9 (the router inflates it by 2 - 0.9)
    backend(m, "gpu", "estimate-ttft", "5ms", "estimate-per-token", "500us",
        "estimate-confidence", "0.9", "cost-per-million-tokens", "0.1", "priority", "4");
    // remote-like: priors until observed, then learnt
    backend(m, "groq", "prior-ttft", "150ms", "prior-prefill-per-token", "50us",
        "prior-per-token", "2ms", "cost-per-million-tokens", "0.59", "priority", "1");
    backend(m, "nim", "prior-ttft", "300ms", "prior-prefill-per-token", "100us",
        "prior-per-token", "5ms", "cost-per-million-tokens", "0.8", "priority", "2");
    backend(m, "openai", "prior-ttft", "500ms", "prior-prefill-per-token", "100us",
        "prior-per-token", "10ms", "cost-per-million-tokens", "2.5", "priority", "5");
    return m;
  }

  private static void backend(Map<String, String> m, String name, String... keyValues) {
    String prefix = "infer4j.backends." + name + ".";
    m.put(prefix + "type", InstantProvider.NAME);
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(prefix + keyValues[i], keyValues[i + 1]);
    }
  }

  /**
   * Runs {@value #OBSERVATIONS} requests through the router to each learnt backend (addressed with
   * {@code @name}, see {@code InstantBackend}), with prompts of 16 different sizes so the prefill
   * slope is fitted, and 8 tokens each so the per-token time is learnt too.
   *
   * @throws IllegalStateException if a request was served by another backend, or a learnt
   *     backend's prediction does not come from {@value #OBSERVATIONS} observations afterwards
   */
  static void warm(InferenceClient router) {
    for (String name : LEARNT) {
      for (int i = 0; i < OBSERVATIONS; i++) {
        String prompt = "@" + name + " " + "word ".repeat(8 * (1 + i % 16));
        InferenceResponse r = router.generate(
            InferenceRequest.builder().prompt(prompt).maxTokens(8).build());
        if (!name.equals(r.backend())) {
          throw new IllegalStateException("warm-up for " + name + " was served by " + r.backend());
        }
      }
    }
    String learnt = "learnt from " + OBSERVATIONS + " observations";
    RouteDecision d = Routing.explain(router, InferenceRequest.builder().prompt("hi").build());
    for (RouteDecision.Candidate c : d.candidates()) {
      if (LEARNT.contains(c.backend()) && !c.note().contains(learnt)) {
        throw new IllegalStateException(c.backend() + " is not warmed: " + c.note());
      }
    }
  }

  /**
   * Checks that every one of the five backends is a candidate, eligible, for {@code request}, so a
   * decision really ranks five.
   *
   * @throws IllegalStateException otherwise
   */
  static RouteDecision requireFiveEligible(InferenceClient router, InferenceRequest request) {
    RouteDecision d = Routing.explain(router, request);
    long eligible = d.candidates().stream().filter(RouteDecision.Candidate::eligible).count();
    if (d.candidates().size() != 5 || eligible != 5) {
      throw new IllegalStateException("expected 5 eligible candidates: " + d);
    }
    return d;
  }
}
