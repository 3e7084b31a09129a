package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceRequest;
import io.infer4j.RateLimitedException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request the credential's last {@code x-ratelimit-*} headers say cannot be served before the
 * reset is refused with {@link RateLimitedException} before any I/O, carrying the time to the reset.
 */
class RateLimitPreemptionTest {

  private static final Duration BUDGET = Duration.ofSeconds(2);

  private final MockWebServer server = new MockWebServer();
  private final String key = "sk-preempt-" + System.nanoTime();
  private Remote remote;

  @BeforeEach
  void start() throws Exception {
    server.start();
    remote = Remote.to(server, "api-key", key);
  }

  @AfterEach
  void stop() throws Exception {
    Within.nothingLeaked(remote);
    server.close();
  }

  private static MockResponse okWith(String... headers) {
    MockResponse.Builder b = new MockResponse.Builder()
        .addHeader("Content-Type", "text/event-stream")
        .body(Sse.stream().delta("fine").finish("stop").done().body());
    for (int i = 0; i < headers.length; i += 2) {
      b.addHeader(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  private static InferenceRequest chat(int maxTokens) {
    return Remote.chat("hi", BUDGET).toBuilder().maxTokens(maxTokens).build();
  }

  @Test
  void noRequestsLeftRefusesTheNextRequestWithoutSendingIt() {
    server.enqueue(okWith("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "20s"));
    assertEquals("fine", remote.client.generate(chat(16)).text());

    RateLimitedException e = Within.failsWith(RateLimitedException.class, Duration.ofMillis(100),
        () -> remote.client.generate(chat(16)));
    Duration wait = e.retryAfter().orElseThrow();
    assertTrue(wait.compareTo(Duration.ofSeconds(19)) > 0 && wait.compareTo(Duration.ofSeconds(20)) <= 0,
        "retry after the reset: " + wait);
    assertTrue(e.getMessage().contains("no requests left"), e.getMessage());
    assertFalse(e.getMessage().contains(key), e.getMessage());
    assertEquals(1, server.getRequestCount(), "the refused request was never sent");
  }

  @Test
  void tooFewTokensLeftRefusesOnlyARequestThatMayNeedMore() {
    server.enqueue(okWith("x-ratelimit-remaining-tokens", "100", "x-ratelimit-reset-tokens", "30s"));
    server.enqueue(okWith());
    remote.client.generate(chat(16));

    RateLimitedException e = Within.failsWith(RateLimitedException.class, Duration.ofMillis(100),
        () -> remote.client.generate(chat(200)));
    assertTrue(e.getMessage().contains("100 tokens left"), e.getMessage());
    assertTrue(e.retryAfter().orElseThrow().compareTo(Duration.ofSeconds(29)) > 0);
    assertEquals(1, server.getRequestCount());

    assertEquals("fine", remote.client.generate(chat(50)).text(), "about 5 prompt + 50 tokens fit");
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void requestsGoAgainOnceTheWindowHasReset() throws Exception {
    server.enqueue(okWith("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "150ms"));
    server.enqueue(okWith());
    remote.client.generate(chat(16));
    Within.failsWith(RateLimitedException.class, Duration.ofMillis(100),
        () -> remote.client.generate(chat(16)));

    Thread.sleep(200);
    assertEquals("fine", remote.client.generate(chat(16)).text());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void anotherInstanceWithTheSameKeyOnTheSameServerIsRefusedToo() throws Exception {
    server.enqueue(okWith("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "1m"));
    remote.client.generate(chat(16));

    Remote sibling = Remote.to(server, "api-key", key);
    try {
      Within.failsWith(RateLimitedException.class, Duration.ofMillis(100),
          () -> sibling.client.generate(chat(16)));
      assertEquals(0L, sibling.backend.rateLimits().remainingRequests());
    } finally {
      Within.nothingLeaked(sibling);
    }
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aStreamRequestIsRefusedBeforeItsFirstChunk() {
    server.enqueue(okWith("x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "3s"));
    remote.client.generate(chat(16));

    RateLimitedException e = Within.failsWith(RateLimitedException.class, Duration.ofMillis(100),
        () -> remote.client.stream(chat(16)).iterator().next());
    assertTrue(e.retryAfter().isPresent());
    assertEquals(1, server.getRequestCount());
  }
}
