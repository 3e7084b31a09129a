package io.infer4j.benchmarks.router;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceListener;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.LatencyBudget;
import io.infer4j.RouteDecision;
import io.infer4j.Routing;
import io.infer4j.benchmarks.internal.InstantProvider;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The router's overhead (issue 7: "under 5 microseconds for a decision among 5 backends").
 *
 * <ul>
 *   <li>{@link #decision}: {@code Routing.explain} for a chat request with a time-to-first-token
 *       budget of 200 ms and a total budget of 2 s, over the {@link RouterFleet} of five backends
 *       (two estimating, three learnt from 64 observations each), for each policy. This is the
 *       planning step every routed request runs (predict five, check the budget, rank, explain).
 *   <li>{@link #routedRequest} and {@link #directRequest}: a whole {@code generate} of one token,
 *       through the router (fastest policy; it serves from a learnt backend and learns from every
 *       request) and straight to the same no-op backend. The difference is what the router adds
 *       to a request: planning, the attempt, learning and the decision on the response.
 *   <li>{@link #routedListenedRequest}: the routed request with one listener that counts every
 *       event (start, chunks, the attempt, the end): what listening costs. {@link #routedRequest}
 *       has none, the case every client without listeners is in.
 * </ul>
 *
 * <p>Single-threaded. Defaults: average time in microseconds, 1 fork, 3 warm-up and 5 measured
 * iterations of 2 s; the command line may override them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Allows JMH 1.37's use of sun.misc.Unsafe without the JDK 24+ warning.
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RouterBenchmark {

  /** The budget of every benchmarked request: first token within 200 ms, all within 2 s. */
  static InferenceRequest.Builder budgeted() {
    return InferenceRequest.builder()
        .budget(LatencyBudget.ofTimeToFirstToken(Duration.ofMillis(200))
            .withTotal(Duration.ofSeconds(2)));
  }

  /** A warmed router per policy and the request to decide on. */
  @State(Scope.Benchmark)
  public static class DecisionState {

    @Param({"fastest", "cheapest-within-budget", "priority-within-budget"})
    public String policy;

    InferenceClient router;
    InferenceRequest request;

    @Setup(Level.Trial)
    public void setUp() {
      router = RouterFleet.router(policy);
      RouterFleet.warm(router);
      request = budgeted()
          .system("You are a concise assistant.")
          .user("Summarise the benefits of latency-budget routing in two sentences.")
          .maxTokens(128)
          .build();
      RouterFleet.requireFiveEligible(router, request);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      router.close();
    }
  }

  /** A warmed router (fastest) and a client straight to the same kind of no-op backend. */
  @State(Scope.Benchmark)
  public static class RequestState {

    InferenceClient router;
    InferenceClient direct;
    InferenceRequest request;

    @Setup(Level.Trial)
    public void setUp() {
      router = RouterFleet.router("fastest");
      RouterFleet.warm(router);
      direct = InferenceClients.create(InstantProvider.NAME, Map.of());
      request = budgeted().user("hi").maxTokens(1).build();
      RouterFleet.requireFiveEligible(router, request);
      InferenceResponse routed = router.generate(request);
      if (!"ok".equals(routed.text()) || !RouterFleet.LEARNT.contains(routed.backend())
          || routed.route().candidates().size() != 5 || routed.route().attempts().size() != 1) {
        throw new IllegalStateException("unexpected routed response: " + routed);
      }
      InferenceResponse plain = direct.generate(request);
      if (!"ok".equals(plain.text())) {
        throw new IllegalStateException("unexpected direct response: " + plain);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      router.close();
      direct.close();
    }
  }

  /** The warmed router of {@link RequestState} with a listener that counts events. */
  @State(Scope.Benchmark)
  public static class ListenedState {

    InferenceClient router;
    InferenceRequest request;
    final java.util.concurrent.atomic.LongAdder events = new java.util.concurrent.atomic.LongAdder();

    @Setup(Level.Trial)
    public void setUp() {
      InferenceListener counting = new InferenceListener() {
        @Override
        public void requestStart(Call call) {
          events.increment();
        }

        @Override
        public void chunk(Call call, io.infer4j.TokenChunk chunk, Duration sinceStart) {
          events.increment();
        }

        @Override
        public void attemptEnd(Call call, Attempt attempt, RouteDecision.Outcome outcome,
            Duration elapsed, io.infer4j.InferenceException failure) {
          events.increment();
        }

        @Override
        public void requestEnd(Call call, InferenceResponse response) {
          events.increment();
        }
      };
      router = InferenceClients.withListener(RouterFleet.router("fastest"), call -> counting);
      RouterFleet.warm(router);
      request = budgeted().user("hi").maxTokens(1).build();
      long before = events.sum();
      if (!"ok".equals(router.generate(request).text()) || events.sum() - before != 4) {
        throw new IllegalStateException("expected 4 events per request, got " + (events.sum() - before));
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      router.close();
    }
  }

  /** One routing decision among five backends, with its explanation, nothing run. */
  @Benchmark
  public RouteDecision decision(DecisionState s) {
    return Routing.explain(s.router, s.request);
  }

  /** One whole request through the router to a no-op backend. */
  @Benchmark
  public InferenceResponse routedRequest(RequestState s) {
    return s.router.generate(s.request);
  }

  /** The routed request with one listener counting its events. */
  @Benchmark
  public InferenceResponse routedListenedRequest(ListenedState s) {
    return s.router.generate(s.request);
  }

  /** The same request straight to the no-op backend, without the router. */
  @Benchmark
  public InferenceResponse directRequest(RequestState s) {
    return s.direct.generate(s.request);
  }
}
