package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.StreamInterruptedException;
import io.infer4j.spi.BackendConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request without a latency budget still ends: the backend's default limits (first-token-timeout,
 * total-timeout) bound what a budget would, against servers that accept and never answer, or
 * answer and then only keep the stream alive. The tests shorten the limits to stay fast; one
 * checks the default values themselves.
 */
class NoBudgetTest {

  private Remote remote;
  private AutoCloseable server;

  @AfterEach
  void stop() throws Exception {
    if (remote != null) {
      Within.nothingLeaked(remote);
    }
    if (server != null) {
      server.close();
    }
  }

  /** A loopback server that accepts connections and never reads or writes a byte. */
  static final class SilentServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    SilentServer() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(() -> {
        while (!socket.isClosed()) {
          try {
            accepted.add(socket.accept());
          } catch (IOException e) {
            return; // closing
          }
        }
      }, "silent-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String baseUrl() {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    }

    int connections() {
      return accepted.size();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  /**
   * Loads OkHttp, Jackson and the SSE reader with one answered request, so that the timed tests
   * measure the limits rather than this JVM's first request (over 300 ms on a loaded machine).
   */
  @BeforeAll
  static void warmUp() throws Exception {
    try (MockWebServer once = new MockWebServer()) {
      once.start();
      once.enqueue(Remote.sse(Sse.stream().delta("warm").finish("stop").done().body()));
      Remote r = Remote.to(once);
      try {
        r.client.generate(Remote.chat("hi", null));
      } finally {
        r.close();
      }
    }
  }

  @Test
  void theDefaultsBoundTheWaitForAFirstTokenToAMinute() {
    RemoteSettings s = RemoteSettings.from(BackendConfig.ofMap("r", "remote",
        Map.of("base-url", "http://127.0.0.1:9/v1")));

    assertEquals(Duration.ofSeconds(30), s.stallTimeout());
    assertEquals(Duration.ofSeconds(60), s.firstTokenTimeout());
    assertEquals(Duration.ofMinutes(10), s.totalTimeout());
    assertEquals(Duration.ofSeconds(10), s.connectTimeout());
    assertEquals(2, s.maxRetries());
    // A silent server costs one stall and a retry cut short, not a stall per attempt (3 min
    // before).
    Duration stallPerAttempt = s.stallTimeout().multipliedBy(s.maxRetries() + 1);
    assertTrue(s.firstTokenTimeout().compareTo(stallPerAttempt) < 0);
    assertEquals(RemoteSettings.DEFAULT_STALL_TIMEOUT, s.stallTimeout());
    assertEquals(RemoteSettings.DEFAULT_FIRST_TOKEN_TIMEOUT, s.firstTokenTimeout());
    assertEquals(RemoteSettings.DEFAULT_TOTAL_TIMEOUT, s.totalTimeout());
  }

  @Test
  void aServerThatAcceptsAndNeverAnswersFailsAtTheFirstTokenTimeoutNamingTheEndpoint()
      throws Exception {
    SilentServer silent = new SilentServer();
    server = silent;
    // Retries enough that the first-token timeout, not their number, ends the request.
    remote = Remote.to(silent.baseUrl(), "stall-timeout", "150ms", "first-token-timeout", "1s",
        "max-retries", "20");

    BackendUnavailableException e = Within.failsWith(BackendUnavailableException.class,
        Duration.ofSeconds(1), () -> remote.client.generate(Remote.chat("hi", null)));

    String url = silent.baseUrl() + "/chat/completions";
    assertTrue(e.isRetryable(), "a router may fall back");
    assertTrue(e.getMessage().contains("no first token from " + url), e.getMessage());
    assertTrue(e.getMessage().contains("first-token-timeout 1s"), e.getMessage());
    assertTrue(e.getMessage().contains("infer4j.backends.r.first-token-timeout"), e.getMessage());
    assertTrue(e.getMessage().contains("no bytes from " + url + " within stall-timeout 150ms"),
        "says why the attempts before failed: " + e.getMessage());
    assertTrue(silent.connections() >= 2, "stalled attempts are retried: " + silent.connections());
  }

  @Test
  void oneAttemptLongerThanTheFirstTokenTimeoutEndsAtIt() throws Exception {
    SilentServer silent = new SilentServer();
    server = silent;
    remote = Remote.to(silent.baseUrl(), "first-token-timeout", "300ms"); // stall-timeout 2s

    BackendUnavailableException e = Within.failsWith(BackendUnavailableException.class,
        Duration.ofMillis(300), () -> remote.client.generate(Remote.chat("hi", null)));

    assertTrue(e.getMessage().contains("first-token-timeout 300ms"), e.getMessage());
    assertTrue(silent.connections() <= 1, "no second attempt: " + silent.connections());
  }

  @Test
  void aStreamKeptAliveWithoutTokensEndsAtTheTotalTimeoutWithThePartialText() throws Exception {
    RawServer raw = new RawServer(out -> {
      out.write(RawServer.sseHeaders());
      out.write(RawServer.chunk(Sse.stream().delta("Hel").body()));
      out.flush();
      keepAlive(out, 200); // an SSE comment every 25 ms for up to 5 s: no stall, no token
    });
    server = raw;
    remote = Remote.to(raw.baseUrl(), "total-timeout", "500ms");

    StreamInterruptedException e = Within.failsWith(StreamInterruptedException.class,
        Duration.ofMillis(500), () -> remote.client.generate(Remote.chat("hi", null)));

    assertEquals("Hel", e.partialText());
    assertTrue(e.getMessage().contains("total-timeout 500ms"), e.getMessage());
    assertTrue(e.getMessage().contains(raw.baseUrl() + "/chat/completions"), e.getMessage());
  }

  private static void keepAlive(OutputStream out, int comments)
      throws IOException, InterruptedException {
    for (int i = 0; i < comments; i++) {
      out.write(RawServer.chunk(": keep-alive\n\n"));
      out.flush();
      Thread.sleep(25);
    }
  }

  @Test
  void aRequestWithABudgetIsBoundByItNotByTheDefaults() throws Exception {
    MockWebServer slow = new MockWebServer();
    server = slow;
    slow.start();
    slow.enqueue(new MockResponse.Builder().headersDelay(300, TimeUnit.MILLISECONDS)
        .addHeader("Content-Type", "text/event-stream")
        .body(Sse.stream().delta("late").finish("stop").done().body()).build());
    remote = Remote.to(slow, "first-token-timeout", "100ms", "total-timeout", "100ms");

    assertEquals("late",
        remote.client.generate(Remote.chat("hi", Duration.ofSeconds(2))).text());
  }

  @Test
  void aWholeAnswerIsNotCutByTheFirstTokenTimeout() throws Exception {
    MockWebServer slow = new MockWebServer();
    server = slow;
    slow.start();
    slow.enqueue(new MockResponse.Builder().headersDelay(300, TimeUnit.MILLISECONDS)
        .addHeader("Content-Type", "application/json")
        .body("{\"model\":\"m1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"whole\"},\"finish_reason\":\"stop\"}]}").build());
    remote = Remote.to(slow, "stream", "false", "first-token-timeout", "100ms");

    assertEquals("whole", remote.client.generate(Remote.chat("hi", null)).text());
  }
}
