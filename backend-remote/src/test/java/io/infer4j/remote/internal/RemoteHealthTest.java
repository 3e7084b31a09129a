package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceClients;
import io.infer4j.spi.BackendHealth;
import io.infer4j.spi.BackendHealth.State;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A remote backend's health from what it has seen over loopback: ejected endpoints, failure
 * streaks, the credential's rate-limit window, the last failure with the key masked.
 */
class RemoteHealthTest {

  private final MockWebServer server = new MockWebServer();
  private final String key = "sk-health-" + System.nanoTime();
  private Remote remote;

  @BeforeEach
  void start() throws Exception {
    server.start();
    remote = Remote.to(server, "api-key", key, "eject-after", "3", "eject-for", "1m");
  }

  @AfterEach
  void stop() throws Exception {
    Within.nothingLeaked(remote);
    server.close();
  }

  private static MockResponse unavailable(String message) {
    return Remote.json(503, "{\"error\": {\"message\": \"" + message + "\"}}");
  }

  @Test
  void beforeAnyRequestItIsUpWithItsEndpoints() {
    BackendHealth h = remote.backend.health();

    assertEquals(State.UP, h.state());
    assertEquals("custom", h.details().get("preset"));
    assertEquals(1L, h.details().get("endpoints"));
    assertEquals(0L, h.details().get("endpoints_ejected"));
    assertEquals(0L, h.details().get("consecutive_failures"));
    assertFalse(h.details().containsKey("last_failure"));
    assertFalse(h.details().containsKey("rate_limit_remaining_requests"), "nothing reported yet");
  }

  @Test
  void threeFailuresInARowEjectTheOnlyEndpointAndTheBackendIsDown() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(unavailable("overloaded, key " + key));
    }
    // One request: the first attempt and two retries, each answered 503.
    assertThrows(BackendUnavailableException.class,
        () -> remote.client.generate(Remote.chat("hi", Duration.ofSeconds(2))));

    BackendHealth h = InferenceClients.health(remote.client);

    assertEquals(State.DOWN, h.state());
    assertTrue(h.isLive(), "ejected endpoints come back: the backend stays live");
    assertEquals(1L, h.details().get("endpoints_ejected"));
    assertEquals(3L, h.details().get("consecutive_failures"));
    String last = (String) h.details().get("last_failure");
    assertTrue(last.contains("503"), last);
    assertTrue(last.contains("overloaded"), last);
    assertTrue(h.reason().orElseThrow().startsWith(
        "the endpoint is ejected after 3 consecutive failures; last: "), h.reason().orElseThrow());
    assertFalse(h.toString().contains(key), "the API key never shows: " + h);
    assertTrue(last.contains(ApiKey.MASK), last);
  }

  @Test
  void noRequestsLeftInTheWindowTakesItDownUntilTheReset() {
    server.enqueue(new MockResponse.Builder()
        .addHeader("Content-Type", "text/event-stream")
        .addHeader("x-ratelimit-remaining-requests", "0")
        .addHeader("x-ratelimit-remaining-tokens", "5000")
        .addHeader("x-ratelimit-reset-requests", "20s")
        .body(Sse.stream().delta("fine").finish("stop").done().body())
        .build());
    assertEquals("fine", remote.client.generate(Remote.chat("hi", Duration.ofSeconds(2))).text());

    BackendHealth h = remote.backend.health();

    assertEquals(State.DOWN, h.state());
    assertTrue(h.reason().orElseThrow().startsWith("no requests left in the credential's window"),
        h.reason().orElseThrow());
    assertEquals(0L, h.details().get("rate_limit_remaining_requests"));
    assertEquals(5000L, h.details().get("rate_limit_remaining_tokens"));
    long reset = (Long) h.details().get("rate_limit_reset_requests_ms");
    assertTrue(reset > 15_000 && reset <= 20_000, "reset in " + reset + " ms");
    assertEquals(0L, h.details().get("endpoints_ejected"));
  }

  @Test
  void headroomLeftKeepsItUpAndShowsTheWindow() {
    server.enqueue(new MockResponse.Builder()
        .addHeader("Content-Type", "text/event-stream")
        .addHeader("x-ratelimit-remaining-requests", "99")
        .addHeader("x-ratelimit-reset-tokens", "1s")
        .body(Sse.stream().delta("fine").finish("stop").done().body())
        .build());
    remote.client.generate(Remote.chat("hi", Duration.ofSeconds(2)));

    BackendHealth h = remote.backend.health();

    assertEquals(State.UP, h.state());
    assertEquals(99L, h.details().get("rate_limit_remaining_requests"));
    assertTrue((Long) h.details().get("rate_limit_reset_tokens_ms") <= 1000, h.toString());
  }

  @Test
  void closedOnceClosed() throws Exception {
    remote.close();

    assertEquals(BackendHealth.closed("backend is closed"), remote.backend.health());
  }
}
