package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import java.util.List;
import java.util.logging.Level;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each retry is logged at DEBUG (java.util.logging's FINE) on the logger {@code
 * io.infer4j.remote}: the attempt's number, its URL, the cause and the wait; never the API key.
 */
class RetryLogTest {

  private static final String KEY = "sk-proj-LOGGED-NEVER-77";

  private final MockWebServer server = new MockWebServer();
  private final CapturedLog log = new CapturedLog("io.infer4j.remote");
  private Remote remote;

  @BeforeEach
  void start() throws Exception {
    server.start();
    log.start();
  }

  @AfterEach
  void stop() throws Exception {
    log.stop();
    if (remote != null) {
      remote.close();
    }
    server.close();
  }

  @Test
  void eachRetryIsLoggedWithItsAttemptUrlCauseAndWait() {
    server.enqueue(Remote.json(503, "{\"error\":{\"message\":\"overloaded, key " + KEY
        + "\",\"type\":\"server_error\"}}"));
    server.enqueue(Remote.sse(Sse.stream().delta("ok").finish("stop").done().body()));
    remote = Remote.to(server, "api-key", KEY);

    assertEquals("ok", remote.client.generate(Remote.chat("hi", null)).text());

    assertEquals(1, log.records().size(), log.records()::toString);
    assertEquals(Level.FINE, log.records().get(0).getLevel());
    String m = log.message(0);
    String url = server.url("/v1/chat/completions").toString();
    assertTrue(m.startsWith("backend 'r': attempt 1 of 3 to " + url + " failed: HTTP 503"), m);
    assertTrue(m.matches(".*; retrying in \\d+ ms$"), m);
    assertFalse(m.contains(KEY), m);
  }

  @Test
  void theLastAttemptsFailureIsLoggedToo() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(Remote.json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"t\"}}"));
    }
    remote = Remote.to(server);

    assertThrows(BackendUnavailableException.class,
        () -> remote.client.generate(Remote.chat("hi", null)));

    assertEquals(3, log.records().size(), log.records()::toString);
    assertTrue(log.message(1).contains("attempt 2 of 3"), log.message(1));
    assertTrue(log.message(2).contains("attempt 3 of 3"), log.message(2));
    assertTrue(log.message(2).contains("failed, the last of 3: HTTP 503"), log.message(2));
  }

  @Test
  void aFailureThatIsNotRetriedIsLoggedAndTheKeyItEchoesIsNot() {
    server.enqueue(Remote.json(400, "{\"error\":{\"message\":\"bad request for key " + KEY
        + "\",\"type\":\"invalid_request_error\"}}"));
    remote = Remote.to(server, "api-key", KEY);

    assertThrows(io.infer4j.InferenceException.class,
        () -> remote.client.generate(Remote.chat("hi", null)));

    assertEquals(1, log.records().size(), log.records()::toString);
    assertTrue(log.message(0).contains("attempt 1 of 3") && log.message(0).contains("failed, not retryable: "),
        log.message(0));
    assertFalse(log.message(0).contains(KEY), log.message(0));
  }

  @Test
  void nothingIsLoggedAtTheDefaultLevel() {
    log.level(Level.INFO);
    server.enqueue(Remote.json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"t\"}}"));
    server.enqueue(Remote.sse(Sse.stream().delta("ok").finish("stop").done().body()));
    remote = Remote.to(server);

    assertEquals("ok", remote.client.generate(Remote.chat("hi", null)).text());
    assertEquals(List.of(), log.records());
  }
}
