package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.FinishReason;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.LatencyBudget;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a server may send is bounded by what the request asked for: text events past max-tokens
 * are cut (finish reason LENGTH), and an event past {@code max-event-size} or a response past its
 * byte cap is a typed error that is not retried. Loopback servers send megabytes; caps are small.
 */
class ResponseCapTest {

  private static final Duration BUDGET = Duration.ofSeconds(5);
  private static final byte[] MB_OF_X = filled(1 << 20, 'x');

  private final AtomicLong written = new AtomicLong();
  private RawServer raw;
  private Remote remote;

  @AfterEach
  void stop() throws Exception {
    if (remote != null) {
      Within.nothingLeaked(remote);
    }
    if (raw != null) {
      raw.close();
    }
  }

  private static byte[] filled(int n, char c) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) c);
    return b;
  }

  /** Headers of a 200 whose body ends when the connection closes (no length, not chunked). */
  private static byte[] headers(String contentType) {
    return ("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private void write(OutputStream out, byte[] bytes) throws IOException {
    out.write(bytes);
    written.addAndGet(bytes.length);
  }

  private void serve(RawServer.Script script, String... settings) throws Exception {
    raw = new RawServer(script);
    remote = Remote.to(raw.baseUrl(), settings);
  }

  private InferenceResponse generate() {
    return remote.client.generate(Remote.chat("hi", BUDGET));
  }

  @Test
  void aServerThatKeepsStreamingPastMaxTokensIsCutWithFinishReasonLength() throws Exception {
    byte[] token = Sse.stream().delta("w ").body().getBytes(StandardCharsets.UTF_8);
    long twoHundredMb = 200L << 20;
    serve(out -> {
      write(out, headers("text/event-stream"));
      while (written.get() < twoHundredMb) {
        write(out, token); // until the client hangs up
      }
    });
    long t0 = System.nanoTime();
    InferenceResponse r = generate(); // max-tokens 16
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(FinishReason.LENGTH, r.finishReason());
    int words = r.text().split(" ").length;
    assertTrue(words >= 16 && words <= 16 + RemoteGeneration.EXTRA_TEXT_EVENTS, r.text());
    assertTrue(ms < 2_000, "cut after " + ms + " ms");
    Thread.sleep(100); // the server notices the hang-up
    // What the server sent before the hang-up: what the client read and the sockets' buffers.
    assertTrue(written.get() < (64L << 20), "sent " + written.get() + " bytes of the 200 MB stream");
    assertEquals(1, raw.requestCount());
  }

  @Test
  void anEventLargerThanMaxEventSizeIsATypedErrorThatIsNotRetried() throws Exception {
    serve(out -> {
      write(out, headers("text/event-stream"));
      write(out, "data: ".getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 4; i++) {
        write(out, MB_OF_X);
      }
      write(out, "\n\n".getBytes(StandardCharsets.US_ASCII));
    }, "max-event-size", "64KiB");
    BackendUnavailableException e =
        Within.failsWith(BackendUnavailableException.class, BUDGET, this::generate);
    assertFalse(e.isRetryable());
    assertEquals(1, raw.requestCount(), "not retried");
    String m = e.getMessage();
    assertTrue(m.contains("65,536 bytes") && m.contains("infer4j.backends.r.max-event-size"), m);
    assertTrue(m.contains(raw.baseUrl() + "/chat/completions"), m);
  }

  @Test
  void aLineWithoutALineEndPastMaxEventSizeIsTheSameError() throws Exception {
    serve(out -> {
      write(out, headers("text/event-stream"));
      write(out, "data: ".getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 4; i++) {
        write(out, MB_OF_X);
      }
    }, "max-event-size", "64KiB");
    BackendUnavailableException e =
        Within.failsWith(BackendUnavailableException.class, BUDGET, this::generate);
    assertFalse(e.isRetryable());
    assertEquals(1, raw.requestCount(), "not retried");
    assertTrue(e.getMessage().contains("max-event-size"), e.getMessage());
    assertFalse(e.getMessage().contains("byteCount"), e.getMessage());
  }

  @Test
  void aStreamPastItsByteCapIsATypedErrorNamingTheCap() throws Exception {
    byte[] empty = Sse.stream().data("{\"choices\":[]}").body().getBytes(StandardCharsets.UTF_8);
    serve(out -> {
      write(out, headers("text/event-stream"));
      while (written.get() < (64L << 20)) {
        write(out, empty); // events without text: no token cap applies
      }
    }, "max-event-size", "16KiB", "max-bytes-per-token", "1KiB");
    BackendUnavailableException e =
        Within.failsWith(BackendUnavailableException.class, BUDGET, this::generate);
    assertFalse(e.isRetryable());
    assertEquals(1, raw.requestCount(), "not retried");
    String m = e.getMessage();
    // 16 KiB + 16 tokens x 1 KiB
    assertTrue(m.contains("32,768 bytes") && m.contains("max-tokens 16"), m);
    assertTrue(m.contains("infer4j.backends.r.max-bytes-per-token"), m);
    assertTrue(written.get() < (64L << 20), "stopped reading: " + written.get() + " bytes sent");
  }

  @Test
  void aWholeAnswerPastItsByteCapIsATypedError() throws Exception {
    String big = new String(filled(1 << 20, 'y'), StandardCharsets.US_ASCII);
    serve(out -> {
      write(out, headers("application/json"));
      write(out, Sse.completion(big, "stop", 4, 16).getBytes(StandardCharsets.UTF_8));
    }, "stream", "false", "max-event-size", "16KiB", "max-bytes-per-token", "1KiB");
    BackendUnavailableException e =
        Within.failsWith(BackendUnavailableException.class, BUDGET, this::generate);
    assertFalse(e.isRetryable());
    assertEquals(1, raw.requestCount(), "not retried");
    assertTrue(e.getMessage().contains("32,768 bytes"), e.getMessage());
  }

  @Test
  void theLargestMaxTokensCutsNothing() throws Exception {
    Sse sse = Sse.stream();
    for (int i = 0; i < 40; i++) {
      sse.delta("w" + i + " ");
    }
    byte[] body = sse.finish("stop").done().body().getBytes(StandardCharsets.UTF_8);
    serve(out -> {
      write(out, headers("text/event-stream"));
      write(out, body);
    });
    InferenceResponse r = remote.client.generate(
        InferenceRequest.builder().user("hi").maxTokens(Integer.MAX_VALUE)
            .budget(LatencyBudget.ofTotal(BUDGET)).build());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertTrue(r.text().endsWith("w39 "), r.text());
  }

  @Test
  void aStreamWithinItsCapsIsReadWhole() throws Exception {
    Sse sse = Sse.stream();
    for (int i = 0; i < 16; i++) {
      sse.delta("w" + i + " ");
    }
    byte[] body = sse.finish("length").usage(4, 16).done().body().getBytes(StandardCharsets.UTF_8);
    serve(out -> {
      write(out, headers("text/event-stream"));
      write(out, body);
    }, "max-event-size", "1KiB", "max-bytes-per-token", "256B");
    InferenceResponse r = generate();
    assertEquals(FinishReason.LENGTH, r.finishReason());
    assertTrue(r.text().startsWith("w0 w1 ") && r.text().endsWith("w15 "), r.text());
  }
}
