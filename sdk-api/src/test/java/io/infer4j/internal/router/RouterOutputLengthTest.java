package io.infer4j.internal.router;

import static io.infer4j.internal.router.ScriptedBackend.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.LatencyBudget;
import io.infer4j.RouteDecision;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Predictions are for the answer a request is likely to get, learnt from the answers served, not
 * for its max-tokens (issue 12, point 6).
 */
class RouterOutputLengthTest {
  private static final Duration MS = Duration.ofMillis(1);

  private final VirtualClock clock = new VirtualClock();

  /** The default max-tokens (256) and a 5 s budget, as a user who sets only the budget sends. */
  private static InferenceRequest request() {
    return InferenceRequest.builder().prompt("hello")
        .budget(LatencyBudget.ofTotal(Duration.ofSeconds(5))).build();
  }

  @Test
  void afterOneShortAnswerAHealthyBackendIsPredictedForThatLengthNotForMaxTokens() {
    // 80 ms to the first token, 20 ms per token: 256 tokens would take 5.18 s, 5 tokens 160 ms
    ScriptedBackend healthy = new ScriptedBackend("healthy", clock::advance,
        answer(MS.multipliedBy(80), MS.multipliedBy(20))).stoppingAfter(5);
    RouterBackend router = RouterFixture.router(
        RouterSettings.defaults(List.of("healthy")), clock, healthy);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      assertEquals(256, request().sampling().maxTokens(), "the scenario needs the default");
      InferenceResponse first = client.generate(request());
      assertEquals("healthy", first.backend());

      InferenceResponse second = client.generate(request());
      assertEquals("healthy", second.backend());
      RouteDecision.Candidate c = second.route().candidates().get(0);
      assertTrue(c.eligible(), c.note());
      assertTrue(c.predictedTotal().compareTo(Duration.ofMillis(500)) < 0,
          "predicted for 5 tokens, not 256: " + c.predictedTotal());
      assertTrue(c.note().contains("for 5 tokens (the p90 of the last 1 answer; max-tokens 256)"),
          c.note());
    }
  }

  @Test
  void answersCutAtTheirMaxTokensKeepPredictionsAtTheNewRequestsMaxTokens() {
    ScriptedBackend verbose = new ScriptedBackend("verbose", clock::advance,
        answer(MS.multipliedBy(80), MS.multipliedBy(20)));
    RouterBackend router = RouterFixture.router(
        RouterSettings.defaults(List.of("verbose")), clock, verbose);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      // every answer runs to its max-tokens: a longer allowance is predicted in full
      client.generate(InferenceRequest.builder().prompt("hi").maxTokens(10).build());
      InferenceResponse r = client.generate(InferenceRequest.builder().prompt("hi").maxTokens(100)
          .budget(LatencyBudget.ofTotal(Duration.ofSeconds(60))).build());
      RouteDecision.Candidate c = r.route().candidates().get(0);
      assertEquals(Duration.ofMillis(80 + 99 * 20), c.predictedTotal(), c.note());
      assertTrue(c.note().contains("for 100 tokens"), c.note());
    }
  }

  @Test
  void theLengthIsTheQuantileOfLiveAnswersAtMostMaxTokensAndMaxTokensBeforeAny() {
    OutputLengths lengths = new OutputLengths(10, Duration.ofSeconds(60));
    assertEquals(256, lengths.expected(256, 0.9, 0).tokens());
    assertTrue(lengths.expected(256, 0.9, 0).source().contains("no answer seen yet"));
    for (int i = 1; i <= 10; i++) {
      lengths.record(i * 10, false, 0); // 10, 20, ... 100 tokens
    }
    assertEquals(90, lengths.expected(256, 0.9, 1).tokens());
    assertEquals(50, lengths.expected(50, 0.9, 1).tokens(), "at most max-tokens");
    lengths.record(30, true, 2); // cut at max-tokens 30: counts as the new request's max-tokens
    assertEquals(256, lengths.expected(256, 1.0, 3).tokens());
    // observations age out of the window
    assertEquals(256, lengths.expected(256, 0.9, Duration.ofSeconds(61).toNanos()).tokens());
  }
}
