package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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
  private final Logger logger = Logger.getLogger("io.infer4j.remote");
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      records.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private Level previous;
  private Remote remote;

  @BeforeEach
  void start() throws Exception {
    server.start();
    previous = logger.getLevel();
    logger.setLevel(Level.FINE);
    logger.addHandler(capture);
  }

  @AfterEach
  void stop() throws Exception {
    logger.removeHandler(capture);
    logger.setLevel(previous);
    if (remote != null) {
      remote.close();
    }
    server.close();
  }

  private String message(int i) {
    LogRecord r = records.get(i);
    return r.getParameters() == null ? r.getMessage()
        : java.text.MessageFormat.format(r.getMessage(), r.getParameters());
  }

  @Test
  void eachRetryIsLoggedWithItsAttemptUrlCauseAndWait() {
    server.enqueue(Remote.json(503, "{\"error\":{\"message\":\"overloaded, key " + KEY
        + "\",\"type\":\"server_error\"}}"));
    server.enqueue(Remote.sse(Sse.stream().delta("ok").finish("stop").done().body()));
    remote = Remote.to(server, "api-key", KEY);

    assertEquals("ok", remote.client.generate(Remote.chat("hi", null)).text());

    assertEquals(1, records.size(), records::toString);
    assertEquals(Level.FINE, records.get(0).getLevel());
    String m = message(0);
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

    assertEquals(3, records.size(), records::toString);
    assertTrue(message(1).contains("attempt 2 of 3"), message(1));
    assertTrue(message(2).contains("attempt 3 of 3"), message(2));
    assertTrue(message(2).contains("failed, the last of 3: HTTP 503"), message(2));
  }

  @Test
  void aFailureThatIsNotRetriedIsLoggedAndTheKeyItEchoesIsNot() {
    server.enqueue(Remote.json(400, "{\"error\":{\"message\":\"bad request for key " + KEY
        + "\",\"type\":\"invalid_request_error\"}}"));
    remote = Remote.to(server, "api-key", KEY);

    assertThrows(io.infer4j.InferenceException.class,
        () -> remote.client.generate(Remote.chat("hi", null)));

    assertEquals(1, records.size(), records::toString);
    assertTrue(message(0).contains("attempt 1 of 3") && message(0).contains("failed, not retryable: "),
        message(0));
    assertFalse(message(0).contains(KEY), message(0));
  }

  @Test
  void nothingIsLoggedAtTheDefaultLevel() {
    logger.setLevel(Level.INFO);
    server.enqueue(Remote.json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"t\"}}"));
    server.enqueue(Remote.sse(Sse.stream().delta("ok").finish("stop").done().body()));
    remote = Remote.to(server);

    assertEquals("ok", remote.client.generate(Remote.chat("hi", null)).text());
    assertEquals(List.of(), records);
  }
}
