package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceException;
import io.infer4j.InferenceListener;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InvalidRequestException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.RateLimitedException;
import io.infer4j.RouteDecision;
import io.infer4j.TokenChunk;
import io.infer4j.spi.AttemptObserver;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Typed errors per status, retries with deadline-bounded backoff, and Retry-After handling. */
class RetryTest {

  private static final Duration BUDGET = Duration.ofMillis(500);

  private final MockWebServer server = new MockWebServer();
  private Remote remote;

  @BeforeEach
  void start() throws Exception {
    server.start();
    remote = Remote.to(server);
  }

  @AfterEach
  void stop() throws Exception {
    remote.close();
    server.close();
  }

  private static MockResponse ok() {
    return Remote.sse(Sse.stream().delta("fine").finish("stop").done().body());
  }

  private static MockResponse status(int code, String... headers) {
    MockResponse.Builder b = new MockResponse.Builder().code(code)
        .addHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"status " + code + "\",\"type\":\"t\"}}");
    for (int i = 0; i < headers.length; i += 2) {
      b.addHeader(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  private InferenceResponse generate() {
    return remote.client.generate(Remote.chat("hi", BUDGET));
  }

  /** Runs {@code call}, asserting it threw {@code type} well within the budget. */
  private <T extends Throwable> T failsWithinBudget(Class<T> type, Executable call) {
    long t0 = System.nanoTime();
    T e = assertThrows(type, call);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < BUDGET.toMillis() + 150, "failed after " + ms + " ms, budget " + BUDGET.toMillis());
    return e;
  }

  @Test
  void aBurstOf5xxIsRetriedUntilItSucceeds() {
    server.enqueue(status(503));
    server.enqueue(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
        .body("<html><body>Bad Gateway</body></html>").build());
    server.enqueue(ok());
    assertEquals("fine", generate().text());
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void persistent5xxFailsAfterMaxRetriesAsRetryableUnavailable() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(status(500));
    }
    BackendUnavailableException e = failsWithinBudget(BackendUnavailableException.class, this::generate);
    assertTrue(e.isRetryable());
    assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
    assertTrue(e.getMessage().endsWith(" (each of 3 attempts failed)"), e.getMessage());
    assertTrue(!e.getMessage().contains("unavailable: backend"), "one prefix: " + e.getMessage());
    assertEquals(3, server.getRequestCount(), "first attempt + max-retries 2");
  }

  @Test
  void anHtml502IsReportedWithoutItsMarkup() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
          .body("<html><body>Bad Gateway</body></html>").build());
    }
    BackendUnavailableException e = failsWithinBudget(BackendUnavailableException.class, this::generate);
    assertTrue(e.getMessage().contains("HTTP 502") && e.getMessage().contains("non-JSON"), e.getMessage());
    assertFalse(e.getMessage().contains("<html"), e.getMessage());
  }

  @Test
  void groqCapacityStatus498IsRetried() {
    server.enqueue(status(498));
    server.enqueue(ok());
    assertEquals("fine", generate().text());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void status408And409AreRetried() {
    server.enqueue(status(408));
    server.enqueue(status(409));
    server.enqueue(ok());
    assertEquals("fine", generate().text());
  }

  @Test
  void unauthorizedIsNotRetriedAndSaysAuthentication() {
    server.enqueue(status(401));
    BackendUnavailableException e = failsWithinBudget(BackendUnavailableException.class, this::generate);
    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void forbiddenIsNotRetried() {
    server.enqueue(status(403));
    server.enqueue(ok());
    assertFalse(failsWithinBudget(BackendUnavailableException.class, this::generate).isRetryable());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void anUnknownModelIsModelNotFoundWithoutRetry() {
    server.enqueue(Remote.json(404, "{\"error\":{\"message\":\"The model `m1` does not exist\","
        + "\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}"));
    ModelNotFoundException e = failsWithinBudget(ModelNotFoundException.class, this::generate);
    assertEquals("m1", e.model());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aWrongPath404IsUnavailableNamingThePath() {
    server.enqueue(new MockResponse.Builder().code(404).addHeader("Content-Type", "text/html")
        .body("<h1>Not Found</h1>").build());
    BackendUnavailableException e = failsWithinBudget(BackendUnavailableException.class, this::generate);
    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().contains("/v1/chat/completions"), e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aContextLengthErrorIsATypedInvalidRequestWithoutRetry() {
    server.enqueue(Remote.json(400, "{\"error\":{\"message\":\"This model's maximum context length is "
        + "8192 tokens. However, your messages resulted in 9000 tokens.\",\"type\":\"invalid_request_error\","
        + "\"code\":\"context_length_exceeded\"}}"));
    InvalidRequestException e = failsWithinBudget(InvalidRequestException.class, this::generate);
    assertEquals("messages", e.field());
    assertTrue(e.getMessage().contains("context window"), e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void unprocessableIsAnInvalidRequestWithoutRetry() {
    server.enqueue(status(422));
    failsWithinBudget(InvalidRequestException.class, this::generate);
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aSmallRetryAfterIsHonouredAndTheRetrySucceeds() {
    server.enqueue(status(429, "retry-after-ms", "30"));
    server.enqueue(ok());
    assertEquals("fine", generate().text());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void aHugeRetryAfterFailsAtOnceCarryingTheRetryTime() {
    server.enqueue(status(429, "Retry-After", "3600"));
    long t0 = System.nanoTime();
    RateLimitedException e = failsWithinBudget(RateLimitedException.class, this::generate);
    assertTrue(System.nanoTime() - t0 < 400_000_000L, "no waiting for a wait that cannot fit");
    assertEquals(Duration.ofHours(1), e.retryAfter().orElseThrow());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aRetryAfterLongerThanTheRemainingBudgetFailsAtOnce() {
    server.enqueue(status(429, "Retry-After", "1"));
    RateLimitedException e = failsWithinBudget(RateLimitedException.class, this::generate);
    assertEquals(Duration.ofSeconds(1), e.retryAfter().orElseThrow());
    assertEquals(1, server.getRequestCount());
  }

  /** An observer that records the waits it is asked about and answers {@code answer}. */
  private static AttemptObserver askedFor(List<Duration> asked, boolean answer) {
    return new AttemptObserver() {
      @Override
      public void started(InferenceListener.Attempt attempt) {}

      @Override
      public void ended(InferenceListener.Attempt attempt, RouteDecision.Outcome outcome,
          Duration elapsed, InferenceException failure) {}

      @Override
      public boolean mayWaitFor(Duration wait) {
        asked.add(wait);
        return answer;
      }
    };
  }

  /** The first chunk of a generation started with {@code observer}, or what it threw. */
  private TokenChunk firstChunk(AttemptObserver observer) {
    InferenceRequest request = Remote.chat("hi", BUDGET);
    try (Generation g = remote.backend.start(request, Deadline.start(request.budget()), observer)) {
      return g.next();
    }
  }

  @Test
  void aRetryAfterTheCallerDoesNotAllowFailsAtOnceCarryingTheRetryTime() {
    server.enqueue(status(429, "retry-after-ms", "300")); // fits the budget: waited out alone
    server.enqueue(ok());
    List<Duration> asked = new ArrayList<>();
    // had it waited, its retry would have met the answer queued behind the 429
    RateLimitedException e =
        assertThrows(RateLimitedException.class, () -> firstChunk(askedFor(asked, false)));
    assertEquals(Duration.ofMillis(300), e.retryAfter().orElseThrow());
    assertEquals(List.of(Duration.ofMillis(300)), asked);
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aRetryAfterTheCallerAllowsIsWaitedOut() {
    server.enqueue(status(429, "retry-after-ms", "30"));
    server.enqueue(ok());
    List<Duration> asked = new ArrayList<>();
    assertEquals("fine", firstChunk(askedFor(asked, true)).text());
    assertEquals(List.of(Duration.ofMillis(30)), asked);
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void aBackoffWithoutRetryAfterIsNotAskedAbout() {
    server.enqueue(status(503));
    server.enqueue(ok());
    List<Duration> asked = new ArrayList<>();
    assertEquals("fine", firstChunk(askedFor(asked, false)).text());
    assertEquals(List.of(), asked, "a backoff of the backend's own is its own choice");
  }

  @Test
  void aPastDateRetryAfterMeansRetryNow() {
    String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(5));
    server.enqueue(status(429, "Retry-After", past));
    server.enqueue(ok());
    assertEquals("fine", generate().text());
  }

  @Test
  void aJunkRetryAfterFallsBackToBackoff() {
    server.enqueue(status(429, "Retry-After", "soon-ish"));
    server.enqueue(ok());
    assertEquals("fine", generate().text());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void persistent429EndsRateLimited() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(status(429, "retry-after-ms", "5"));
    }
    RateLimitedException e = failsWithinBudget(RateLimitedException.class, this::generate);
    assertTrue(e.isRetryable());
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void xShouldRetryFalseStopsARetry() {
    server.enqueue(status(503, "x-should-retry", "false"));
    server.enqueue(ok());
    failsWithinBudget(BackendUnavailableException.class, this::generate);
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void xShouldRetryTrueRetriesAnOtherwiseFinalStatus() {
    server.enqueue(status(402, "x-should-retry", "true"));
    server.enqueue(ok());
    assertEquals("fine", generate().text());
  }

  @Test
  void backoffThatDoesNotFitTheBudgetFailsAtOnce() throws Exception {
    remote.close();
    remote = Remote.to(server, "backoff", "2s", "max-backoff", "2s");
    server.enqueue(status(503));
    server.enqueue(ok());
    long t0 = System.nanoTime();
    BackendUnavailableException e = failsWithinBudget(BackendUnavailableException.class, this::generate);
    assertTrue(e.isRetryable());
    assertTrue(System.nanoTime() - t0 < 400_000_000L, "did not sleep into the deadline");
    assertEquals(1, server.getRequestCount());
  }
}
