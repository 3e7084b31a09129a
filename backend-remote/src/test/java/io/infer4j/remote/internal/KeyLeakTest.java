package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceException;
import io.infer4j.InferenceStream;
import io.infer4j.StreamInterruptedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that echoes the API key, in every place a server can put text, never gets it into an
 * exception (message, {@code toString()}, causes, stack trace) or the DEBUG log. Each failure is
 * retried once, so the retry log line carries it too.
 */
class KeyLeakTest {

  /** Groq-shaped: letters, digits and '_' only, so JSON parsers quote it whole in their errors. */
  static final String KEY = "gsk_LeakHunt0123456789abcdefXYZ";

  private final MockWebServer server = new MockWebServer();
  private final CapturedLog log = new CapturedLog("io.infer4j.remote");
  private Remote remote;
  private RawServer raw;

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
    if (raw != null) {
      raw.close();
    }
    server.close();
  }

  /** Everything a user or a log collector could see of {@code e}. */
  static String everything(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n').append(t).append('\n');
    }
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return all.append(trace).toString();
  }

  /** The failure of one request, after asserting that nothing about it shows the key. */
  private InferenceException failure() {
    InferenceException e = assertThrows(InferenceException.class, () -> {
      try (InferenceStream s = remote.client.stream(Remote.chat("hi", null))) {
        s.forEach(c -> { });
      }
    });
    assertFalse(everything(e).contains(KEY), everything(e));
    assertFalse(log.records().isEmpty(), "each failure is logged");
    for (String line : log.messages()) {
      assertFalse(line.contains(KEY), line);
    }
    return e;
  }

  private void always(MockResponse response, String... settings) {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return response;
      }
    });
    String[] all = new String[settings.length + 4];
    all[0] = "api-key";
    all[1] = KEY;
    all[2] = "max-retries";
    all[3] = "1";
    System.arraycopy(settings, 0, all, 4, settings.length);
    remote = Remote.to(server, all);
  }

  private void rawServer(RawServer.Script script) throws Exception {
    raw = new RawServer(script);
    remote = Remote.to(raw.baseUrl(), "api-key", KEY, "max-retries", "1");
  }

  @Test
  void aMalformedJsonChunkThatEchoesTheKey() {
    always(Remote.sse("data: " + KEY + "\n\n"));

    InferenceException e = failure();

    assertTrue(e.getMessage().contains("malformed JSON in the response: "), e.getMessage());
    assertTrue(e.getMessage().contains(ApiKey.MASK), e.getMessage());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void aLongKeyEchoedInAMalformedChunkShowsNoPartOfIt() {
    String longKey = "sk_" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".repeat(6);
    server.enqueue(Remote.sse("data: " + longKey + "\n\n"));
    remote = Remote.to(server, "api-key", longKey, "max-retries", "0");

    InferenceException e = assertThrows(InferenceException.class,
        () -> remote.client.generate(Remote.chat("hi", null)));

    // A parser that quotes only the first 256 characters would leave a prefix no mask matches.
    assertFalse(everything(e).contains(longKey.substring(0, 40)), everything(e));
    assertTrue(e.getMessage().contains(ApiKey.MASK), e.getMessage());
  }

  @Test
  void aMalformedChunkAfterTheFirstTokenThatEchoesTheKey() {
    always(Remote.sse(Sse.stream().delta("Hel").body() + "data: {\"x\": " + KEY + "}\n\n"));

    StreamInterruptedException e = assertThrows(StreamInterruptedException.class,
        () -> remote.client.generate(Remote.chat("hi", null)));

    assertEquals("Hel", e.partialText());
    assertFalse(everything(e).contains(KEY), everything(e));
  }

  @Test
  void aMalformedWholeJsonAnswerThatEchoesTheKey() {
    always(Remote.json(200, KEY), "stream", "false");

    InferenceException e = failure();

    assertTrue(e.getMessage().contains(ApiKey.MASK), e.getMessage());
  }

  @Test
  void anErrorBodyThatEchoesTheKeyInEveryField() {
    always(Remote.json(503, "{\"error\":{\"message\":\"no such key " + KEY + "\",\"type\":\""
        + KEY + "\",\"code\":\"" + KEY + "\"}}"));

    InferenceException e = failure();

    assertTrue(e.getMessage().contains("HTTP 503: no such key " + ApiKey.MASK), e.getMessage());
  }

  @Test
  void anErrorInsideTheStreamThatEchoesTheKey() {
    always(Remote.sse("data: {\"error\":{\"message\":\"" + KEY + "\",\"type\":\"" + KEY
        + "\",\"code\":\"" + KEY + "\"}}\n\n"));

    failure();
  }

  @Test
  void aContentTypeThatEchoesTheKey() {
    always(new MockResponse.Builder().addHeader("Content-Type", "text/" + KEY).body("hello").build());

    InferenceException e = failure();

    assertTrue(e.getMessage().contains("got text/" + ApiKey.MASK), e.getMessage());
  }

  @Test
  void aStatusLineThatEchoesTheKey() throws Exception {
    rawServer(out -> out.write(("HTTP/1.1 " + KEY + "\r\n\r\n").getBytes(StandardCharsets.UTF_8)));

    failure();
  }

  @Test
  void aBrokenChunkedStreamThatEchoesTheKey() throws Exception {
    rawServer(out -> {
      out.write(RawServer.sseHeaders());
      out.write(("1 " + KEY + "\r\n").getBytes(StandardCharsets.UTF_8));
    });

    InferenceException e = failure();

    assertTrue(e.getCause() != null, "the network failure stays the cause");
  }
}
