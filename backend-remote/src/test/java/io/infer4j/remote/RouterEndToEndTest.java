package io.infer4j.remote;

import static io.infer4j.remote.LoopbackRouter.attempts;
import static io.infer4j.remote.LoopbackRouter.candidate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.LatencyBudget;
import io.infer4j.RouteDecision;
import io.infer4j.Routing;
import io.infer4j.TokenChunk;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The router ({@code infer4j.backend=router}) over remote backends whose endpoints are loopback
 * servers of different speeds, configured as an application would, through {@link
 * InferenceClients#fromProperties}. Outcomes are asserted, not durations, except that a request
 * with a budget is answered within it plus {@link LoopbackRouter#SLACK_MS}.
 */
class RouterEndToEndTest {

  private final LoopbackRouter loop = new LoopbackRouter();
  private InferenceClient client;

  @AfterEach
  void stop() throws Exception {
    loop.close();
  }

  /** The router over {@code backends}; {@link #client} is its client. */
  private InferenceClient router(String backends, String... routerKeys) {
    client = loop.router(backends, routerKeys);
    return client;
  }

  private static InferenceRequest request(int maxTokens, Duration ttft, Duration total) {
    InferenceRequest.Builder b = InferenceRequest.builder().user("hello").maxTokens(maxTokens);
    if (ttft != null) {
      b.timeToFirstTokenBudget(ttft);
    }
    if (total != null) {
      b.budget(LatencyBudget.ofTotal(total).withTimeToFirstToken(ttft));
    }
    return b.build();
  }

  @Test
  void theCheapestBackendPredictedToMeetTheBudgetServesItFromPriors() throws Exception {
    PacedServer slow = loop.remote("slow", 600, 5, "prior-ttft", "600ms", "prior-per-token", "5ms",
        "cost-per-million-tokens", "0.1");
    PacedServer medium = loop.remote("medium", 150, 5, "prior-ttft", "150ms", "prior-per-token", "5ms",
        "cost-per-million-tokens", "0.5");
    PacedServer fast = loop.remote("fast", 5, 2, "prior-ttft", "10ms", "prior-per-token", "2ms",
        "cost-per-million-tokens", "2.0");
    router("slow,medium,fast", "policy", "cheapest-within-budget");

    Duration tight = Duration.ofMillis(100);
    InferenceResponse r1 = loop.generateWithin(request(4, tight, Duration.ofMillis(300)), tight);
    assertEquals("fast", r1.backend());
    assertEquals("fast0 fast1 fast2 fast3", r1.text());
    assertFalse(candidate(r1.route(), "medium").eligible(), r1.route().toString());
    assertTrue(candidate(r1.route(), "medium").note().startsWith("too slow"), r1.route().toString());

    Duration loose = Duration.ofMillis(400);
    InferenceResponse r2 = loop.generateWithin(request(4, loose, Duration.ofMillis(800)), Duration.ofMillis(800));
    assertEquals("medium", r2.backend(), r2.route().reason());
    assertTrue(r2.route().reason().startsWith("cheapest within the budget"), r2.route().reason());
    assertFalse(candidate(r2.route(), "slow").eligible());
    assertTrue(candidate(r2.route(), "fast").eligible(), "fast fits too but costs more");

    assertEquals(0, slow.requests(), "the slow backend was never asked");
    assertEquals(1, medium.requests());
    assertEquals(1, fast.requests());
  }

  @Test
  void afterLearningTheSpeedsTheRouterSendsATightBudgetToTheFastBackend() throws Exception {
    PacedServer slow = loop.remote("slow", 600, 2);
    PacedServer fast = loop.remote("fast", 5, 2);
    router("slow,fast");

    InferenceResponse first = client.generate(request(4, null, null));
    assertEquals("slow", first.backend(), "nothing known yet: the first listed is tried");
    assertTrue(first.route().reason().contains("no backend has a prediction yet"), first.route().reason());

    Duration ttft = Duration.ofMillis(250);
    for (int i = 0; i < 3; i++) {
      InferenceResponse r = loop.generateWithin(request(4, ttft, Duration.ofSeconds(1)), Duration.ofSeconds(1));
      assertEquals("fast", r.backend(), r.route().toString());
      assertTrue(r.timing().timeToFirstToken().toMillis() <= ttft.toMillis() + LoopbackRouter.SLACK_MS);
      RouteDecision.Candidate s = candidate(r.route(), "slow");
      assertFalse(s.eligible());
      assertNotNull(s.predictedTimeToFirstToken(), "slow's speed was learnt");
      assertTrue(s.predictedTimeToFirstToken().toMillis() > ttft.toMillis(), s.toString());
    }
    RouteDecision last = Routing.explain(client, request(4, ttft, null));
    assertEquals("fast", last.chosen());
    assertTrue(last.reason().startsWith("fastest predicted"), last.reason());
    assertNotNull(candidate(last, "fast").predictedTimeToFirstToken(), "fast's speed was learnt");
    assertEquals(1, slow.requests());
    assertEquals(3, fast.requests());
  }

  @Test
  void aBackendAnswering503BeforeTheFirstTokenFallsBackToTheNext() throws Exception {
    PacedServer primary = loop.remote("primary", 5, 1, "max-retries", "0");
    PacedServer backup = loop.remote("backup", 5, 1);
    primary.failWith(503);
    router("primary,backup");

    Duration budget = Duration.ofSeconds(1);
    InferenceResponse r = loop.generateWithin(request(3, null, budget), budget);
    assertEquals("backup", r.backend());
    assertEquals("backup0 backup1 backup2", r.text());
    assertEquals(List.of("primary:FAILED", "backup:SUCCEEDED"), attempts(r.route()));
    assertTrue(r.route().attempts().get(0).error().contains("503"), r.route().attempts().toString());
    assertTrue(r.route().reason().contains("primary failed (retryable)"), r.route().reason());
    assertEquals(1, primary.requests());
  }

  @Test
  void aFailingBackendIsCooledDownAndReadmittedOnceItRecovers() throws Exception {
    PacedServer primary = loop.remote("primary", 5, 1, "max-retries", "0", "prior-ttft", "50ms", "priority", "1");
    PacedServer backup = loop.remote("backup", 5, 1, "prior-ttft", "50ms", "priority", "2");
    primary.failWith(503);
    router("primary,backup", "policy", "priority-within-budget",
        "breaker.failures", "2", "breaker.cool-down", "600ms");

    for (int i = 0; i < 2; i++) {
      assertEquals("backup", client.generate(request(2, null, null)).backend());
    }
    assertEquals(2, primary.requests());

    InferenceResponse cooled = client.generate(request(2, null, null));
    assertEquals("backup", cooled.backend());
    assertEquals(List.of("backup:SUCCEEDED"), attempts(cooled.route()));
    RouteDecision.Candidate p = candidate(cooled.route(), "primary");
    assertFalse(p.eligible());
    assertTrue(p.note().startsWith("cooling down"), p.note());
    assertEquals(2, primary.requests(), "not asked while cooling down");

    primary.failWith(0);
    Thread.sleep(700);
    InferenceResponse trial = client.generate(request(2, null, null));
    assertEquals("primary", trial.backend(), trial.route().toString());
    assertTrue(candidate(trial.route(), "primary").note().contains("trial after cool-down"));

    InferenceResponse recovered = client.generate(request(2, null, null));
    assertEquals("primary", recovered.backend());
    assertFalse(candidate(recovered.route(), "primary").note().contains("trial"),
        "the success closed the breaker");
  }

  @Test
  void aLateFirstChoiceIsHedgedAndTheLosersHttpCallIsCancelled() throws Exception {
    PacedServer primary = loop.remote("primary", 5_000, 1, "prior-ttft", "50ms", "priority", "1");
    PacedServer backup = loop.remote("backup", 5, 1, "prior-ttft", "20ms", "priority", "2");
    router("primary,backup", "policy", "priority-within-budget", "hedging", "true", "hedge-budget", "1");

    Duration budget = Duration.ofSeconds(1);
    InferenceResponse r = loop.generateWithin(request(3, budget, Duration.ofSeconds(2)), budget);
    assertEquals("backup", r.backend());
    assertEquals("backup0 backup1 backup2", r.text());
    assertEquals(List.of("primary:CANCELLED", "backup:SUCCEEDED:hedge"), attempts(r.route()));
    assertTrue(r.route().reason().contains("hedged with backup"), r.route().reason());
    assertTrue(r.route().reason().contains("primary cancelled"), r.route().reason());

    assertTrue(primary.awaitAbandoned(2_000), "the primary's server saw its client hang up");
    assertEquals(0, primary.served());
    assertEquals(1, primary.requests());
  }

  @Test
  void rateLimitHeadersSteerRequestsAwayBeforeA429() throws Exception {
    PacedServer limited = loop.remote("limited", 5, 1, "prior-ttft", "20ms", "priority", "1");
    PacedServer other = loop.remote("other", 5, 1, "prior-ttft", "20ms", "priority", "2");
    limited.addHeader("x-ratelimit-remaining-requests", "0");
    limited.addHeader("x-ratelimit-reset-requests", "30s");
    router("limited,other", "policy", "priority-within-budget");

    assertEquals("limited", client.generate(request(2, null, null)).backend());

    InferenceResponse skipped = client.generate(request(2, null, null));
    assertEquals("other", skipped.backend());
    assertEquals(List.of("limited:FAILED", "other:SUCCEEDED"), attempts(skipped.route()));
    assertTrue(skipped.route().attempts().get(0).error().contains("rate limited"),
        skipped.route().attempts().toString());

    InferenceResponse planned = client.generate(request(2, null, null));
    assertEquals(List.of("other:SUCCEEDED"), attempts(planned.route()));
    RouteDecision.Candidate l = candidate(planned.route(), "limited");
    assertFalse(l.eligible());
    assertTrue(l.note().startsWith("rate limited for another"), l.note());

    assertEquals(1, limited.requests(), "no request reached the limited server after its headers");
    assertEquals(0, limited.abandoned());
  }

  @Test
  void aRequestLargerThanTheTokensLeftGoesElsewhere() throws Exception {
    PacedServer limited = loop.remote("limited", 5, 1, "prior-ttft", "20ms", "priority", "1");
    PacedServer other = loop.remote("other", 5, 1, "prior-ttft", "20ms", "priority", "2");
    limited.addHeader("x-ratelimit-remaining-tokens", "40");
    limited.addHeader("x-ratelimit-reset-tokens", "30s");
    router("limited,other", "policy", "priority-within-budget");

    assertEquals("limited", client.generate(request(8, null, null)).backend());
    assertEquals("limited", client.generate(request(8, null, null)).backend(), "about 13 tokens fit in 40");
    InferenceResponse big = client.generate(request(100, null, null));
    assertEquals("other", big.backend());
    assertEquals(2, limited.requests());
  }

  @Test
  void whenNoneFitsTheRouterFailsAtOnceWithoutAnyRequest() throws Exception {
    PacedServer a = loop.remote("a", 5, 1, "prior-ttft", "500ms");
    PacedServer b = loop.remote("b", 5, 1, "prior-ttft", "800ms");
    router("a,b");

    InferenceRequest tight = request(4, Duration.ofMillis(100), null);
    long t0 = System.nanoTime();
    DeadlineExceededException e = assertThrows(DeadlineExceededException.class, () -> client.generate(tight));
    assertTrue((System.nanoTime() - t0) / 1_000_000 < 100 + LoopbackRouter.SLACK_MS);
    assertTrue(e.getMessage().contains("no backend is predicted to meet the budget"), e.getMessage());
    RouteDecision explained = Routing.explain(client, tight);
    assertEquals("", explained.chosen());
    assertEquals(2, explained.candidates().size());
    assertEquals(0, a.requests() + b.requests());
  }

  @Test
  void whenNoneFitsTheRouterCanServeWithTheFastestAndSaySo() throws Exception {
    loop.remote("a", 5, 1, "prior-ttft", "500ms");
    PacedServer b = loop.remote("b", 5, 1, "prior-ttft", "800ms");
    router("b,a", "when-none-fits", "fastest");

    Duration ttft = Duration.ofMillis(300);
    InferenceResponse r = loop.generateWithin(request(2, ttft, null), ttft);
    assertEquals("a", r.backend());
    assertTrue(r.route().reason().contains("serving the fastest predicted, a"), r.route().reason());
    assertEquals(0, b.requests());
  }

  @Test
  void everyResponseExplainsItsRoute() throws Exception {
    loop.remote("one", 5, 1, "prior-ttft", "30ms", "prior-per-token", "1ms");
    loop.remote("two", 5, 1, "prior-ttft", "60ms", "prior-per-token", "1ms");
    loop.remote("three", 5, 1, "prior-ttft", "90ms", "prior-per-token", "1ms");
    router("three,two,one");

    InferenceRequest req = request(2, Duration.ofMillis(500), Duration.ofSeconds(1));
    RouteDecision planned = Routing.explain(client, req);
    InferenceResponse r = client.generate(req);
    RouteDecision d = r.route();
    assertEquals(planned.chosen(), d.chosen());
    assertEquals("one", d.chosen());
    assertEquals("one", r.backend());
    assertEquals(List.of("one", "two", "three"), d.candidates().stream().map(RouteDecision.Candidate::backend).toList(),
        "ranked fastest first");
    for (RouteDecision.Candidate c : d.candidates()) {
      assertTrue(c.eligible(), c.toString());
      assertNotNull(c.predictedTimeToFirstToken());
      assertNotNull(c.predictedTotal());
      assertTrue(c.note().startsWith("fits: ttft"), c.note());
    }
    assertTrue(d.reason().startsWith("fastest predicted within the budget"), d.reason());
    assertEquals(List.of("one:SUCCEEDED"), attempts(d));
    assertTrue(planned.attempts().isEmpty(), "explaining runs nothing");
  }

  @Test
  void closingARoutedStreamCancelsTheHttpCall() throws Exception {
    PacedServer slow = loop.remote("slow", 5, 200);
    router("slow");

    try (InferenceStream stream = client.stream(request(50, null, null))) {
      Iterator<TokenChunk> it = stream.iterator();
      assertEquals("slow0", it.next().text());
    }
    assertTrue(slow.awaitAbandoned(2_000), "the server saw the client hang up");
    assertEquals(0, slow.served());
  }
}
