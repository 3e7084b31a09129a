package io.infer4j.remote;

import static io.infer4j.remote.LoopbackRouter.attempts;
import static io.infer4j.remote.LoopbackRouter.candidate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InvalidRequestException;
import io.infer4j.LatencyBudget;
import io.infer4j.RouteDecision;
import io.infer4j.Routing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 12's points 4, 5 and 6 shown end to end: the router ({@code infer4j.backend=router}) over
 * remote backends whose endpoints are loopback {@link PacedServer}s with scripted latencies,
 * failures and answer lengths, configured through {@link InferenceClients#fromProperties} as an
 * application would (see {@link RouterEndToEndTest} for points 1-3).
 *
 * <ul>
 *   <li>Point 4, hedging: under concurrent load (300 requests from 16 callers) over a server
 *       failing every second request and a healthy one, with 4 hedge threads, no request fails,
 *       including those whose hedge found no free router thread before their primary failed; and a race whose primary fails non-retryably while its hedge fails
 *       retryably reports the non-retryable failure, with both attempts in its route.
 *   <li>Point 5, cost: with a loose budget the cheaper (slower) backend serves the very first
 *       request of a fresh client once its priors, or a start-up probe, say it fits; with a tight
 *       budget the fast one does.
 *   <li>Point 6, output length: requests with the default max-tokens (256) whose answers are a dozen
 *       tokens are predicted for a dozen tokens, so a backend 256 tokens would make too slow stays
 *       chosen; every candidate excluded is named in the decision with the length it was predicted
 *       for and the budget it missed.
 * </ul>
 *
 * <p>Outcomes are asserted (who served, the exception's type, the decision's notes), not
 * durations, except that a request with a budget is answered within it plus {@link LoopbackRouter#SLACK_MS}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RouterLoopbackTest {

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

  // ---------------------------------------------------------------------------------------------
  // A rate limit with Retry-After fails over at once

  /**
   * A member whose server answers 429 with {@code Retry-After: 20} does not sit out those 20
   * seconds (a request without a budget allows them, and {@code max-retry-after} is 30 s) while
   * the router has another member: it fails at once, and the next member answers.
   */
  @Test
  void aRateLimitedMemberFailsOverAtOnceInsteadOfWaitingOutRetryAfter() throws Exception {
    PacedServer limited = loop.remote("limited", 2, 1, "prior-ttft", "5ms", "priority", "1");
    PacedServer spare = loop.remote("spare", 2, 1, "prior-ttft", "5ms", "priority", "2");
    limited.failWith(429);
    limited.addHeader("Retry-After", "20");
    router("limited,spare", "policy", "priority-within-budget", "hedge-unknown-share", "0");
    InferenceRequest noBudget = InferenceRequest.builder().user("hello").maxTokens(2).build();

    InferenceResponse r = loop.generateWithin(noBudget, Duration.ofSeconds(2));

    assertEquals("spare", r.backend());
    assertEquals(List.of("limited:FAILED", "spare:SUCCEEDED"), attempts(r.route()));
    assertEquals(1, limited.requests(), "no retry on the limited server");
    // and it is skipped until the time its server named
    InferenceResponse next = loop.generateWithin(noBudget, Duration.ofSeconds(2));
    assertEquals(List.of("spare:SUCCEEDED"), attempts(next.route()));
    assertEquals(1, limited.requests());
  }

  /** With no other member left, the member waits a short {@code Retry-After} out and answers. */
  @Test
  void aLoneRateLimitedMemberWaitsOutAShortRetryAfter() throws Exception {
    PacedServer only = loop.remote("only", 2, 1, "prior-ttft", "5ms");
    only.failEvery(2, 429, 0); // the second request it receives, the fourth, ...
    only.addHeader("retry-after-ms", "100");
    router("only", "hedge-unknown-share", "0");
    InferenceRequest noBudget = InferenceRequest.builder().user("hello").maxTokens(2).build();
    assertEquals("only", loop.generateWithin(noBudget, Duration.ofSeconds(2)).backend());

    InferenceResponse r = loop.generateWithin(noBudget, Duration.ofSeconds(2)); // meets the 429

    assertEquals("only", r.backend());
    assertEquals(List.of("only:SUCCEEDED"), attempts(r.route()));
    assertEquals(3, only.requests(), "the first answer, the 429, then the retry after its wait");
    assertEquals(1, only.failures());
  }

  // ---------------------------------------------------------------------------------------------
  // Point 4: hedging under load, and failures during a race

  /**
   * The flaky server is every plan's first choice and fails its every second request with a
   * retryable 503 after 40 ms, well past the hedge point (its predicted time to first token, a few
   * milliseconds). Races outnumber the 4 hedge threads, so some hedges find no thread; the
   * healthy server must then still be there for the fallback when the primary fails (issue 12
   * saw 18 failures in 8,000 requests when it was not).
   */
  @Test
  void underLoadNoRequestFailsWhenHedgesFindNoFreeRouterThread() throws Exception {
    PacedServer flaky = loop.remote("flaky", 2, 1, "max-retries", "0", "prior-ttft", "5ms", "priority", "1");
    PacedServer healthy = loop.remote("healthy", 2, 1, "prior-ttft", "5ms", "priority", "2");
    flaky.failEvery(2, 503, 40); // a retryable failure, late enough for the hedge point to pass
    router("flaky,healthy", "policy", "priority-within-budget", "hedging", "true",
        "hedge-budget", "1", "hedge-threads", "4",
        "breaker.failures", "100000"); // keep the flaky one first in every plan

    int requests = 300;
    InferenceRequest request = InferenceRequest.builder().user("hello").maxTokens(2)
        .timeToFirstTokenBudget(Duration.ofSeconds(5)).build();
    ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
    AtomicInteger hedged = new AtomicInteger();
    AtomicInteger noThreadThenFallback = new AtomicInteger();
    AtomicInteger firstOnFlaky = new AtomicInteger();
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        done.add(callers.submit(() -> {
          try {
            InferenceResponse r = client.generate(request);
            assertEquals(r.backend() + "0 " + r.backend() + "1", r.text());
            List<String> a = attempts(r.route());
            if (a.get(0).startsWith("flaky:")) {
              firstOnFlaky.incrementAndGet();
            }
            if (r.route().attempts().stream().anyMatch(RouteDecision.Attempt::hedge)) {
              hedged.incrementAndGet();
            }
            if (r.route().reason().contains("no hedge with healthy: no free router thread")
                && a.equals(List.of("flaky:FAILED", "healthy:SUCCEEDED"))) {
              noThreadThenFallback.incrementAndGet(); // the case the issue saw fail
            }
          } catch (InferenceException e) {
            failed.add(e.getClass().getSimpleName() + ": " + e.getMessage()
                + e.route().map(d -> " [" + d.reason() + "]").orElse(""));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(20, TimeUnit.SECONDS);
      }
    } finally {
      callers.shutdownNow();
    }
    assertEquals(List.of(), List.copyOf(failed), failed.size() + " of " + requests + " failed");
    assertEquals(requests, firstOnFlaky.get(), "the flaky server was every request's first choice");
    // a primary cancelled by its winning hedge before it was sent never reaches the server
    assertEquals(flaky.requests() / 2, flaky.failures(), "it failed every second one it received");
    assertTrue(hedged.get() > 0, "some requests were hedged");
    assertTrue(noThreadThenFallback.get() > 0,
        "some hedges found no free router thread and their primary then failed");
  }

  @ParameterizedTest(name = "primary {0} after {1} ms, hedge 503 after {2} ms")
  @CsvSource({"400, 150, 300", "401, 150, 300", "400, 300, 100"})
  void aNonRetryableFailureInARaceIsNotHiddenByTheHedgesRetryableOne(
      int primaryStatus, long primaryFailsAfter, long hedgeFailsAfter) throws Exception {
    PacedServer primary = loop.remote("primary", 5, 1, "prior-ttft", "20ms", "priority", "1");
    PacedServer hedge = loop.remote("hedge", 5, 1, "max-retries", "0", "prior-ttft", "20ms", "priority", "2");
    primary.failEvery(1, primaryStatus, primaryFailsAfter);
    hedge.failEvery(1, 503, hedgeFailsAfter);
    router("primary,hedge", "policy", "priority-within-budget", "hedging", "true", "hedge-budget", "1");

    InferenceRequest request = request(3, Duration.ofSeconds(2), Duration.ofSeconds(3));
    InferenceException e = assertThrows(InferenceException.class, () -> client.generate(request));
    if (primaryStatus == 400) {
      assertInstanceOf(InvalidRequestException.class, e, e.toString());
    } else {
      assertInstanceOf(BackendUnavailableException.class, e, e.toString());
      assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
    }
    assertFalse(e.isRetryable(), e.toString());
    assertTrue(e.getMessage().contains("HTTP " + primaryStatus), e.getMessage());
    RouteDecision route = e.route().orElseThrow(() -> new AssertionError("no route on " + e));
    assertEquals(List.of("primary:FAILED", "hedge:FAILED:hedge"), attempts(route));
    assertTrue(route.attempts().get(0).error().contains("HTTP " + primaryStatus), route.toString());
    assertTrue(route.attempts().get(1).error().contains("HTTP 503"), route.toString());
    assertTrue(route.reason().contains("hedged with hedge"), route.reason());
    assertEquals(1, primary.requests());
    assertEquals(1, hedge.requests());
  }

  // ---------------------------------------------------------------------------------------------
  // Point 5: the cheaper backend wins from the first request once it is known to fit

  @Test
  void withALooseBudgetTheCheaperBackendServesTheFirstRequestFromItsPriors() throws Exception {
    PacedServer cheap = loop.remote("cheap", 300, 5, "prior-ttft", "300ms", "prior-per-token", "5ms",
        "cost-per-million-tokens", "0.1");
    PacedServer fast = loop.remote("fast", 5, 1, "prior-ttft", "10ms", "prior-per-token", "1ms",
        "cost-per-million-tokens", "2.0");
    router("fast,cheap", "policy", "cheapest-within-budget"); // the fast one listed first

    showsTheCheaperOneWithALooseBudgetAndTheFastOneWithATightOne(
        cheap, fast, "configured priors", Duration.ofMillis(200));
  }

  @Test
  void withALooseBudgetTheCheaperBackendServesTheFirstRequestOnceAStartUpProbeMeasuredIt()
      throws Exception {
    PacedServer cheap = loop.remote("cheap", 1_200, 5, "cost-per-million-tokens", "0.1");
    PacedServer fast = loop.remote("fast", 5, 1, "cost-per-million-tokens", "2.0");
    router("fast,cheap", "policy", "cheapest-within-budget", "probe", "on-start");

    RouteDecision known = awaitPredictions(request(4, Duration.ofSeconds(3), Duration.ofSeconds(4)));
    assertTrue(candidate(known, "cheap").note().contains("start-up probe"), known.toString());
    assertEquals(2, cheap.requests(), "a warm-up, then the measured probe");
    assertEquals(2, fast.requests(), "a warm-up, then the measured probe");

    // Only the second probe is measured: the first, in this cold client, paid for the HTTP
    // client's start-up too (about 0.5 s on a 2-core machine against 20 ms warm), which would have
    // made the fast server look too slow for the 500 ms budget.
    showsTheCheaperOneWithALooseBudgetAndTheFastOneWithATightOne(
        cheap, fast, "start-up probe", Duration.ofMillis(500));
    assertEquals(3, cheap.requests());
    assertEquals(3, fast.requests());
  }

  /**
   * The first request (a loose budget) goes to {@code cheap}, whose note names the {@code source}
   * of its prediction; the next ({@code tightTtft} to the first token) to {@code fast}.
   */
  private void showsTheCheaperOneWithALooseBudgetAndTheFastOneWithATightOne(
      PacedServer cheap, PacedServer fast, String source, Duration tightTtft) {
    int cheapBefore = cheap.requests();
    int fastBefore = fast.requests();
    Duration looseTtft = Duration.ofSeconds(3);
    Duration looseTotal = Duration.ofSeconds(4);
    InferenceResponse first = loop.generateWithin(request(4, looseTtft, looseTotal), looseTotal);
    assertEquals("cheap", first.backend(), first.route().toString());
    assertEquals("cheap0 cheap1 cheap2 cheap3", first.text());
    assertTrue(first.route().reason().startsWith("cheapest within the budget"), first.route().reason());
    assertEquals(List.of("cheap:SUCCEEDED"), attempts(first.route()));
    RouteDecision.Candidate c = candidate(first.route(), "cheap");
    assertTrue(c.eligible(), c.note());
    assertTrue(c.note().startsWith("fits:") && c.note().contains(source), c.note());
    assertTrue(candidate(first.route(), "fast").eligible(), "the fast one fits too but costs more");

    Duration tightTotal = tightTtft.plusMillis(500);
    InferenceResponse second = loop.generateWithin(request(4, tightTtft, tightTotal), tightTotal);
    assertEquals("fast", second.backend(), second.route().toString());
    RouteDecision.Candidate slow = candidate(second.route(), "cheap");
    assertFalse(slow.eligible(), slow.note());
    assertTrue(slow.note().startsWith("too slow"), slow.note());
    assertEquals(cheapBefore + 1, cheap.requests());
    assertEquals(fastBefore + 1, fast.requests());
  }

  /** Explains {@code request} until every candidate has a prediction (the probes ended). */
  private RouteDecision awaitPredictions(InferenceRequest request) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      RouteDecision d = Routing.explain(client, request);
      if (d.candidates().stream().allMatch(c -> c.predictedTimeToFirstToken() != null)) {
        return d;
      }
      assertTrue(System.nanoTime() - end < 0, "the probes taught nothing in 5 s: " + d);
      Thread.sleep(10);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Point 6: predictions for the answer's likely length

  @Test
  void aBackendWhoseUsualAnswersFitStaysChosenThough256TokensWouldNot() throws Exception {
    // 10 ms to the first token, 15 ms per token: a 12-token answer in about 175 ms, 256 in 3.8 s
    PacedServer steady = loop.remote("steady", 10, 15);
    steady.answerTokens(12);
    router("steady");

    Duration budget = Duration.ofSeconds(2);
    InferenceRequest request = InferenceRequest.builder().user("hello")
        .budget(LatencyBudget.ofTotal(budget)).build();
    assertEquals(256, request.sampling().maxTokens(), "the scenario needs the default max-tokens");

    InferenceResponse first = loop.generateWithin(request, budget);
    assertEquals("steady", first.backend());
    assertTrue(first.text().endsWith("steady11"), first.text());
    assertTrue(candidate(first.route(), "steady").note().startsWith("no prediction yet"),
        first.route().toString());

    for (int answers = 1; answers <= 4; answers++) {
      InferenceResponse r = loop.generateWithin(request, budget);
      assertEquals("steady", r.backend(), r.route().toString());
      RouteDecision.Candidate c = candidate(r.route(), "steady");
      assertTrue(c.eligible(), c.note());
      assertTrue(c.note().startsWith("fits:"), c.note());
      assertTrue(c.note().contains("for 12 tokens (the p90 of the last " + answers + " answer"),
          c.note());
      assertTrue(c.note().contains("max-tokens 256"), c.note());
      assertNotNull(c.predictedTotal(), c.note());
      assertTrue(c.predictedTotal().compareTo(budget) < 0, c.toString());
    }
    assertEquals(5, steady.requests()); // counted on arrival: no race with the answer's end
  }

  @Test
  void everyExcludedCandidateIsNamedWithTheLengthItWasPredictedForAndTheBudgetItMissed()
      throws Exception {
    PacedServer steady = loop.remote("steady", 10, 15);
    // priors of 250 ms per token: 12 tokens take 2.76 s, more than the 2 s budget
    PacedServer dawdler = loop.remote("dawdler", 10, 250, "prior-ttft", "10ms", "prior-per-token", "250ms");
    steady.answerTokens(12);
    dawdler.answerTokens(12);
    router("dawdler,steady");

    Duration budget = Duration.ofSeconds(2);
    InferenceRequest request = InferenceRequest.builder().user("hello")
        .budget(LatencyBudget.ofTotal(budget)).build();
    InferenceResponse first = loop.generateWithin(request, budget);
    assertEquals("steady", first.backend(), first.route().toString());
    RouteDecision.Candidate before = candidate(first.route(), "dawdler");
    assertFalse(before.eligible());
    assertTrue(before.note().startsWith("too slow:"), before.note());
    assertTrue(before.note().contains("configured priors for max-tokens 256 (no answer seen yet)"),
        before.note());

    for (int i = 0; i < 3; i++) {
      loop.generateWithin(request, budget);
    }
    InferenceResponse learnt = loop.generateWithin(request, budget);
    assertEquals("steady", learnt.backend());
    RouteDecision.Candidate after = candidate(learnt.route(), "dawdler");
    assertFalse(after.eligible(), after.note());
    assertTrue(after.note().startsWith("too slow:"), after.note());
    assertTrue(after.note().contains("for 12 tokens (the p90 of the last 4 answers; max-tokens 256)"),
        after.note());
    assertTrue(after.note().contains(" vs total "), "names the budget it missed: " + after.note());
    assertTrue(after.predictedTotal().compareTo(budget) > 0, after.toString());
    assertTrue(after.predictedTotal().compareTo(Duration.ofSeconds(5)) < 0,
        "predicted for 12 tokens, not 256: " + after);
    assertTrue(candidate(learnt.route(), "steady").eligible());

    // a budget neither fits: the failure names both candidates and why, before any request
    InferenceRequest tight = InferenceRequest.builder().user("hello")
        .budget(LatencyBudget.ofTotal(Duration.ofMillis(60))).build();
    DeadlineExceededException e =
        assertThrows(DeadlineExceededException.class, () -> client.generate(tight));
    assertTrue(e.getMessage().contains("dawdler: too slow"), e.getMessage());
    assertTrue(e.getMessage().contains("steady: too slow"), e.getMessage());
    RouteDecision none = e.route().orElseThrow();
    assertEquals(List.of(), none.attempts());
    for (RouteDecision.Candidate c : none.candidates()) {
      assertFalse(c.eligible(), c.toString());
      assertTrue(c.note().contains("for 12 tokens"), c.note());
    }
    assertEquals(0, dawdler.requests(), "never asked");
    assertEquals(5, steady.requests());
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  private static InferenceRequest request(int maxTokens, Duration ttft, Duration total) {
    return InferenceRequest.builder().user("hello").maxTokens(maxTokens)
        .budget(LatencyBudget.ofTimeToFirstToken(ttft).withTotal(total)).build();
  }
}
