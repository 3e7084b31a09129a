package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults before the first byte of the answer: each a typed error within the deadline. */
class NetworkFaultTest {

  private static final Duration BUDGET = Duration.ofMillis(400);

  private final MockWebServer server = new MockWebServer();
  private Remote remote;

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (remote != null) {
      Within.nothingLeaked(remote);
    }
    server.close();
  }

  private void generate() {
    remote.client.generate(Remote.chat("hi", BUDGET));
  }

  @Test
  void connectionRefusedIsRetriedThenUnavailable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    remote = Remote.to("http://127.0.0.1:" + port + "/v1");
    BackendUnavailableException e = Within.failsWith(BackendUnavailableException.class, BUDGET, this::generate);
    assertTrue(e.isRetryable());
    assertTrue(e.getMessage().contains("connection failed"), e.getMessage());
  }

  /** Runs {@code test} against a listener whose accept queue is full, so a connect hangs. */
  private void withHangingConnect(java.util.function.IntConsumer test) throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> fillers = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          Socket f = new Socket();
          fillers.add(f);
          try {
            f.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort()), 100);
          } catch (java.io.IOException ignored) {
            // the queue is full already
          }
        }
        test.accept(s.getLocalPort());
      } finally {
        for (Socket f : fillers) {
          f.close();
        }
      }
    }
  }

  @Test
  void aConnectThatNeverCompletesEndsAtTheDeadline() throws Exception {
    withHangingConnect(port -> {
      remote = Remote.to("http://127.0.0.1:" + port + "/v1");
      Within.failsWith(DeadlineExceededException.class, BUDGET, this::generate);
    });
  }

  @Test
  void aConnectTimeoutShorterThanTheBudgetIsRetriedThenUnavailable() throws Exception {
    withHangingConnect(port -> {
      remote = Remote.to("http://127.0.0.1:" + port + "/v1", "connect-timeout", "60ms");
      BackendUnavailableException e =
          Within.failsWith(BackendUnavailableException.class, BUDGET, this::generate);
      assertTrue(e.isRetryable());
      assertTrue(e.getMessage().contains("timed out"), e.getMessage());
    });
  }

  @Test
  void aTlsFailureIsUnavailableAndNotRetried() throws Exception {
    // A plain-text server that answers the TLS ClientHello with an HTTP status line.
    // A budget of seconds: the first TLS handshake of a JVM sets up the whole TLS stack (trust
    // store, providers), which took over 300 ms on a loaded core; what is tested here is the
    // error's type and that no attempt follows, not speed.
    Duration budget = Duration.ofSeconds(10);
    java.util.concurrent.atomic.AtomicInteger connections =
        new java.util.concurrent.atomic.AtomicInteger();
    try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread answerer = new Thread(() -> {
        while (!plain.isClosed()) {
          try (Socket s = plain.accept()) {
            connections.incrementAndGet();
            s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            Thread.sleep(50);
          } catch (java.io.IOException | InterruptedException e) {
            return;
          }
        }
      }, "plain-text-answerer");
      answerer.setDaemon(true);
      answerer.start();
      remote = Remote.to("https://127.0.0.1:" + plain.getLocalPort() + "/v1");
      BackendUnavailableException e = Within.failsWith(BackendUnavailableException.class, budget,
          () -> remote.client.generate(Remote.chat("hi", budget)));
      assertFalse(e.isRetryable());
      assertTrue(e.getMessage().contains("TLS"), e.getMessage());
      assertEquals(1, connections.get(), "one attempt, no retry");
    }
  }

  @Test
  void aConnectionResetBeforeTheResponseIsRetried() {
    server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(Remote.sse(Sse.stream().delta("ok").finish("stop").done().body()));
    remote = Remote.to(server);
    assertEquals("ok", remote.client.generate(Remote.chat("hi", BUDGET)).text());
  }

  @Test
  void resetsOnEveryAttemptEndUnavailable() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    }
    remote = Remote.to(server);
    BackendUnavailableException e = Within.failsWith(BackendUnavailableException.class, BUDGET, this::generate);
    assertTrue(e.isRetryable());
    assertTrue(e.getMessage().contains("connection broken"), e.getMessage());
  }

  @Test
  void aRequestSentAndNeverAnsweredEndsAtTheDeadline() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    remote = Remote.to(server);
    DeadlineExceededException e = Within.failsWith(DeadlineExceededException.class, BUDGET, this::generate);
    assertTrue(e.getMessage().contains("deadline exceeded"), e.getMessage());
  }

  @Test
  void aStallBeforeHeadersLongerThanTheStallTimeoutIsRetriedWithinTheBudget() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    }
    remote = Remote.to(server, "stall-timeout", "60ms");
    BackendUnavailableException e = Within.failsWith(BackendUnavailableException.class, BUDGET, this::generate);
    assertTrue(e.getMessage().contains("timed out"), e.getMessage());
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void slowHeadersWithinTheBudgetStillAnswer() {
    server.enqueue(new MockResponse.Builder().headersDelay(100, TimeUnit.MILLISECONDS)
        .addHeader("Content-Type", "text/event-stream")
        .body(Sse.stream().delta("late").finish("stop").done().body()).build());
    remote = Remote.to(server);
    assertEquals("late", remote.client.generate(Remote.chat("hi", BUDGET)).text());
  }

  @Test
  void slowHeadersPastTheFirstTokenBudgetEndAtThatBudget() {
    server.enqueue(new MockResponse.Builder().headersDelay(1, TimeUnit.SECONDS)
        .addHeader("Content-Type", "text/event-stream")
        .body(Sse.stream().delta("late").done().body()).build());
    remote = Remote.to(server);
    Duration ttft = Duration.ofMillis(150);
    InferenceRequest r = InferenceRequest.builder().user("hi").timeToFirstTokenBudget(ttft).build();
    DeadlineExceededException e = Within.failsWith(
        DeadlineExceededException.class, ttft, () -> remote.client.generate(r));
    assertTrue(e.reason().contains("first token"), e.reason());
  }
}
