package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Servers close idle keep-alive connections (uvicorn and Node after 5 s): a pooled connection the
 * server has closed is replaced at once, without a failed attempt, and the pool lets connections
 * go before the server would. The server here closes them after 250 ms, the times scaled down.
 */
class StaleConnectionTest {

  private static final int SERVER_IDLE_CLOSE_MS = 250;
  private static final String ANSWER = Sse.stream().delta("ok").finish("stop").done().body();

  private final CapturedLog log = new CapturedLog("io.infer4j.remote");
  private KeepAliveServer server;
  private Remote remote;

  @BeforeEach
  void start() throws Exception {
    server = new KeepAliveServer(SERVER_IDLE_CLOSE_MS, ANSWER);
    log.start();
  }

  @AfterEach
  void stop() throws Exception {
    log.stop();
    if (remote != null) {
      Within.nothingLeaked(remote);
    }
    server.close();
  }

  /** Sends {@code n} requests {@code gapMillis} apart; returns the slowest after the first, in ms. */
  private long requestsApart(int n, long gapMillis) throws InterruptedException {
    long slowest = 0;
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        Thread.sleep(gapMillis);
      }
      long t0 = System.nanoTime();
      assertEquals("ok", remote.client.generate(Remote.chat("hi", Duration.ofSeconds(5))).text());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (i > 0) {
        slowest = Math.max(slowest, ms);
      }
      assertEquals(0, remote.backend.endpoints().get(0).consecutiveFailures());
    }
    return slowest;
  }

  @Test
  void aPooledConnectionTheServerClosedIsReplacedWithoutUsingARetry() throws Exception {
    // The pool would keep the connections a minute: each request after the first finds a stale one.
    remote = Remote.to(server.baseUrl(), "max-retries", "0", "keep-alive", "1m");
    requestsApart(4, SERVER_IDLE_CLOSE_MS + 400);
    assertEquals(4, server.requests());
    assertTrue(server.closedByServer() >= 3, "stale connections met: " + server.closedByServer());
    assertEquals(List.of(), log.messages(), "no attempt failed, so none counted against the endpoint");
  }

  @Test
  void aStaleConnectionCostsNoBackoffWait() throws Exception {
    // The default backoff: a failed attempt would wait 100-200 ms before the next.
    remote = Remote.to(server.baseUrl(), "backoff", "200ms", "max-backoff", "5s", "keep-alive", "1m");
    long slowest = requestsApart(4, SERVER_IDLE_CLOSE_MS + 400);
    assertTrue(server.closedByServer() >= 3, "stale connections met: " + server.closedByServer());
    assertEquals(List.of(), log.messages(), "slowest request after the first: " + slowest + " ms");
  }

  @Test
  void idleConnectionsLeaveThePoolBeforeTheServerClosesThem() throws Exception {
    server.close();
    server = new KeepAliveServer(800, ANSWER); // 700 ms after the client would: room for a loaded machine
    remote = Remote.to(server.baseUrl(), "keep-alive", "100ms");
    requestsApart(3, 1_000);
    Thread.sleep(300);
    assertEquals(0, server.closedByServer(), "the client closed every idle connection first");
    assertEquals(3, server.closedByClient());
    assertEquals(3, server.connections(), "a fresh connection after each idle gap");
    assertEquals(0, remote.backend.openConnections(), "none left idle in the pool");
  }
}
