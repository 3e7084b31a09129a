package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.FinishReason;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.StreamInterruptedException;
import io.infer4j.TokenChunk;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults once the answer has started: broken, slow, truncated or odd streams. */
class StreamFaultTest {

  private static final Duration BUDGET = Duration.ofMillis(500);

  private final MockWebServer server = new MockWebServer();
  private Remote remote;
  private RawServer raw;

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (remote != null) {
      Within.nothingLeaked(remote);
    }
    if (raw != null) {
      raw.close();
    }
    server.close();
  }

  private InferenceResponse generate() {
    return remote.client.generate(Remote.chat("hi", BUDGET));
  }

  private void rawServer(RawServer.Script script) throws Exception {
    raw = new RawServer(script);
    remote = Remote.to(raw.baseUrl());
  }

  @Test
  void tokensTricklingSlowerThanTheStallLimitEndInterruptedWithThePartialText() {
    server.enqueue(Trickle.response(Sse.stream().delta("a").delta("b").finish("stop").done(), 300));
    remote = Remote.to(server, "stall-timeout", "150ms");
    StreamInterruptedException e = Within.failsWith(
        StreamInterruptedException.class, Duration.ofMillis(900), this::generate);
    assertEquals("a", e.partialText());
    assertEquals(1, server.getRequestCount(), "no retry after a delivered token");
  }

  @Test
  void aDisconnectMidStreamEndsInterruptedWithThePartialText() throws Exception {
    rawServer(out -> {
      out.write(RawServer.sseHeaders());
      out.write(RawServer.chunk(Sse.stream().delta("Hel").delta("lo").body()));
      out.flush();
    }); // then the socket closes without the last chunk
    StreamInterruptedException e = Within.failsWith(StreamInterruptedException.class, BUDGET, this::generate);
    assertEquals("Hello", e.partialText());
    String m = e.getMessage();
    assertTrue(m.contains("closed the connection before the end of the response"), m);
    assertTrue(m.contains(raw.baseUrl() + "/chat/completions"), m);
    assertFalse(m.contains("null"), m);
  }

  @Test
  void aStreamThatEndsInTheMiddleOfALineSaysSoAndNamesTheUrl() throws Exception {
    rawServer(out -> {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write("data: {\"choices\":[{\"delta\":{\"content\":\"par".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }); // then the socket closes: the body ends mid-line
    BackendUnavailableException e = Within.failsWith(BackendUnavailableException.class, BUDGET, this::generate);
    assertTrue(e.isRetryable(), "a truncation, like a broken connection");
    String m = e.getMessage();
    assertTrue(m.contains("ended in the middle of a line"), m);
    assertTrue(m.contains(raw.baseUrl() + "/chat/completions"), m);
    assertFalse(m.contains("byteCount"), m);
  }

  @Test
  void aTruncatedChunkAfterATokenEndsInterrupted() throws Exception {
    rawServer(out -> {
      out.write(RawServer.sseHeaders());
      out.write(RawServer.chunk(Sse.stream().delta("one").body()));
      out.write("c8\r\ndata: {\"choi".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    });
    StreamInterruptedException e = Within.failsWith(StreamInterruptedException.class, BUDGET, this::generate);
    assertEquals("one", e.partialText());
  }

  @Test
  void aMalformedChunkedBodyBeforeAnyTokenIsRetriedThenUnavailable() throws Exception {
    rawServer(out -> {
      out.write(RawServer.sseHeaders());
      out.write("zz\r\nnot a chunk\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    });
    BackendUnavailableException e = Within.failsWith(BackendUnavailableException.class, BUDGET, this::generate);
    assertTrue(e.isRetryable());
    assertEquals(3, raw.requestCount(), "nothing was delivered, so every attempt was used: " + e.getMessage());
  }

  @Test
  void aCleanEndWithoutDoneOrFinishReasonIsIncomplete() {
    server.enqueue(Remote.sse(Sse.stream().delta("half").delta(" told").body()));
    remote = Remote.to(server);
    InferenceResponse r = generate();
    assertEquals("half told", r.text());
    assertEquals(FinishReason.INCOMPLETE, r.finishReason());
  }

  @Test
  void aFinishReasonWithoutDoneIsKept() {
    server.enqueue(Remote.sse(Sse.stream().delta("x").finish("length").body()));
    remote = Remote.to(server);
    assertEquals(FinishReason.LENGTH, generate().finishReason());
  }

  @Test
  void htmlOnAStreamIsUnavailableWithoutRetry() {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/html")
        .body("<html>login page</html>").build());
    remote = Remote.to(server);
    BackendUnavailableException e = Within.failsWith(BackendUnavailableException.class, BUDGET, this::generate);
    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().contains("text/html"), e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aWholeJsonAnswerToAStreamRequestIsAccepted() {
    server.enqueue(Remote.json(200, Sse.completion("all at once", "stop", 4, 3)));
    remote = Remote.to(server);
    InferenceResponse r = generate();
    assertEquals("all at once", r.text());
    assertEquals(FinishReason.STOP, r.finishReason());
  }

  @Test
  void anErrorObjectInsideTheStreamAfterATokenEndsInterrupted() {
    server.enqueue(Remote.sse(Sse.stream().delta("par")
        .data("{\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\"}}").body()));
    remote = Remote.to(server);
    StreamInterruptedException e = Within.failsWith(StreamInterruptedException.class, BUDGET, this::generate);
    assertEquals("par", e.partialText());
    assertTrue(e.getMessage().contains("model overloaded"), e.getMessage());
  }

  @Test
  void anErrorObjectBeforeAnyTokenIsRetried() {
    server.enqueue(Remote.sse(Sse.stream()
        .data("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}").body()));
    server.enqueue(Remote.sse(Sse.stream().delta("second").finish("stop").done().body()));
    remote = Remote.to(server);
    assertEquals("second", generate().text());
  }

  @Test
  void malformedJsonAfterATokenEndsInterrupted() {
    server.enqueue(Remote.sse(Sse.stream().delta("ok").data("{\"choices\": [").body()));
    remote = Remote.to(server);
    StreamInterruptedException e = Within.failsWith(StreamInterruptedException.class, BUDGET, this::generate);
    assertEquals("ok", e.partialText());
  }

  @Test
  void sseVariantsParse() {
    String body = ": keep-alive\r\n\r\n"
        + "data:{\"choices\":[{\"delta\":{\"content\":\"no-space \"}}]}\r\n\r\n"
        + ": another comment\n\n"
        + "data: {\"choices\":[{\"delta\":\n"
        + "data: {\"content\":\"multi-line \"}}]}\n\n"
        + "event: message\nid: 7\ndata: {\"choices\":[{\"delta\":{\"content\":\"crlf\"},\"finish_reason\":\"stop\"}]}\r\n\r\n"
        + "data: [DONE]\n\n"
        + "data: {\"choices\":[{\"delta\":{\"content\":\" AFTER DONE\"}}]}\n\n";
    server.enqueue(Remote.sse(body));
    remote = Remote.to(server);
    InferenceResponse r = generate();
    assertEquals("no-space multi-line crlf", r.text());
    assertEquals(FinishReason.STOP, r.finishReason());
  }

  @Test
  void chunksWithNullChoicesMissingDeltaOrUnknownFieldsAreSkipped() {
    server.enqueue(Remote.sse(Sse.stream()
        .data("{\"choices\":null,\"usage\":null}")
        .data("{\"choices\":[{\"index\":0}]}")
        .data("{\"id\":\"x\",\"new_field\":{\"a\":1},\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"kept\"},\"logprobs\":null}]}")
        .finish("stop").done().body()));
    remote = Remote.to(server);
    assertEquals("kept", generate().text());
  }

  @Test
  void cancellingMidStreamCancelsTheCallAndLeaksNoConnection() throws Exception {
    Sse many = Sse.stream();
    for (int i = 0; i < 200; i++) {
      many.delta("t" + i + " ");
    }
    server.enqueue(Trickle.response(many.finish("length").done(), 10));
    remote = Remote.to(server);
    InferenceResponse r;
    try (InferenceStream s = remote.client.stream(Remote.chat("hi", Duration.ofSeconds(5)))) {
      Iterator<TokenChunk> it = s.iterator();
      assertEquals("t0 ", it.next().text());
      s.close();
      assertFalse(it.hasNext());
      r = s.response();
    }
    assertEquals(FinishReason.CANCELLED, r.finishReason());
    for (int i = 0; i < 50 && remote.backend.callsInFlight() > 0; i++) {
      Thread.sleep(10);
    }
    assertEquals(0, remote.backend.callsInFlight(), "the HTTP call was cancelled");
    assertEquals(0, remote.backend.endpoints().get(0).outstanding());
  }

  @Test
  void theTotalBudgetRunningOutMidStreamEndsWithDeadlineExceededAndThePartialText() {
    Sse slow = Sse.stream();
    for (int i = 0; i < 20; i++) {
      slow.delta("s" + i + " ");
    }
    server.enqueue(Trickle.response(slow.finish("stop").done(), 100));
    remote = Remote.to(server);
    Duration budget = Duration.ofMillis(250);
    io.infer4j.DeadlineExceededException e = Within.failsWith(
        io.infer4j.DeadlineExceededException.class, budget,
        () -> remote.client.generate(Remote.chat("hi", budget)));
    assertTrue(e.partialText().startsWith("s0 "), e.partialText());
  }

  @Test
  void closingTheBackendEndsAStreamInFlight() throws Exception {
    Sse many = Sse.stream();
    for (int i = 0; i < 100; i++) {
      many.delta("t" + i);
    }
    server.enqueue(Trickle.response(many.done(), 20));
    remote = Remote.to(server);
    try (InferenceStream s = remote.client.stream(Remote.chat("hi", Duration.ofSeconds(5)))) {
      Iterator<TokenChunk> it = s.iterator();
      assertEquals("t0", it.next().text());
      remote.backend.close();
      long t0 = System.nanoTime();
      io.infer4j.InferenceException e = org.junit.jupiter.api.Assertions.assertThrows(
          io.infer4j.InferenceException.class, () -> {
            while (it.hasNext()) {
              it.next();
            }
          });
      assertTrue(e instanceof StreamInterruptedException, e.toString());
      assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "ended promptly");
    }
  }
}
