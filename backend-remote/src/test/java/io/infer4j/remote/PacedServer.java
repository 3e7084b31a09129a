package io.infer4j.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;

/**
 * A loopback OpenAI-compatible server of a given speed, for end-to-end tests: a MockWebServer
 * whose chat completions stream "{@code <name>0 <name>1 ...}", one word per token up to {@code
 * max_tokens}. The response headers go out at once; the first token comes {@code ttftMillis}
 * later (with {@code : keep-alive} comments every 10 ms meanwhile, so a client that hangs up is
 * noticed), then one token every {@code perTokenMillis}.
 *
 * <p>It can be told to fail (any status with an OpenAI-style JSON error; every request, or every
 * n-th; at once or after a delay) and to add headers (rate limits) to its answers, and to end its
 * answers after a few tokens (finish "stop"), as a model does when it has said what it had to
 * say. It counts the answers whose client went away before the end ({@link #abandoned()}).
 * Thread-safe; {@link #stop()} it after the test.
 */
final class PacedServer extends Dispatcher {

  private final String name;
  private final long ttftMillis;
  private final long perTokenMillis;
  private final MockWebServer server = new MockWebServer();
  private final ObjectMapper mapper = new ObjectMapper();
  private final AtomicInteger served = new AtomicInteger();
  private final AtomicInteger abandoned = new AtomicInteger();
  private final CountDownLatch firstAbandoned = new CountDownLatch(1);
  private final Map<String, String> extraHeaders = new ConcurrentHashMap<>();
  private final AtomicInteger dispatched = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private volatile int failWith; // 0: answer normally
  private volatile int failEvery = 1; // with failWith: every request fails (1), or every n-th
  private volatile long failAfterMillis; // delay before an error's headers
  private volatile int answerTokens = Integer.MAX_VALUE; // most tokens an answer has

  private PacedServer(String name, long ttftMillis, long perTokenMillis) {
    this.name = name;
    this.ttftMillis = ttftMillis;
    this.perTokenMillis = perTokenMillis;
  }

  /** Starts a server answering with these delays, in milliseconds. */
  static PacedServer start(String name, long ttftMillis, long perTokenMillis) throws IOException {
    PacedServer s = new PacedServer(name, ttftMillis, perTokenMillis);
    s.server.setDispatcher(s);
    s.server.start();
    return s;
  }

  /** The API root, ending with {@code /v1}. */
  String baseUrl() {
    return server.url("/v1").toString();
  }

  /** From now on, answer every request with this HTTP status (0: answer normally again). */
  void failWith(int status) {
    this.failWith = status;
  }

  /**
   * From now on, answer every {@code every}-th request (the {@code every}-th, the {@code
   * 2*every}-th, ...) with this HTTP status, sent {@code afterMillis} after the request came.
   */
  void failEvery(int every, int status, long afterMillis) {
    this.failEvery = every;
    this.failAfterMillis = afterMillis;
    this.failWith = status;
  }

  /** From now on, end each answer after at most {@code tokens} tokens, with finish "stop". */
  void answerTokens(int tokens) {
    this.answerTokens = tokens;
  }

  /** Requests answered with an error status. */
  int failures() {
    return failed.get();
  }

  /** Adds a header to every answer from now on. */
  void addHeader(String header, String value) {
    extraHeaders.put(header, value);
  }

  /** Requests received, answered or not. */
  int requests() {
    return server.getRequestCount();
  }

  /** Streams that were written to their end. */
  int served() {
    return served.get();
  }

  /** Streams whose client went away (closed the connection) before the end. */
  int abandoned() {
    return abandoned.get();
  }

  /** Waits until a client has gone away from a stream; false when none did in time. */
  boolean awaitAbandoned(long millis) throws InterruptedException {
    return firstAbandoned.await(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    int n = dispatched.incrementAndGet();
    int status = failWith;
    if (status != 0 && n % failEvery == 0) {
      failed.incrementAndGet();
      MockResponse.Builder error = new MockResponse.Builder().code(status)
          .headersDelay(failAfterMillis, TimeUnit.MILLISECONDS)
          .addHeader("Content-Type", "application/json")
          .body("{\"error\":{\"message\":\"" + name + " answers " + status + "\",\"type\":\"server_error\"}}");
      extraHeaders.forEach(error::addHeader);
      return error.build();
    }
    int maxTokens;
    try {
      JsonNode body = mapper.readTree(request.getBody().utf8());
      maxTokens = body.path("max_tokens").asInt(body.path("max_completion_tokens").asInt(16));
    } catch (IOException e) {
      return new MockResponse.Builder().code(400).body("{\"error\":{\"message\":\"bad json\"}}").build();
    }
    MockResponse.Builder ok = new MockResponse.Builder()
        .addHeader("Content-Type", "text/event-stream")
        .body(new Paced(events(maxTokens)));
    extraHeaders.forEach(ok::addHeader);
    return ok.build();
  }

  private List<String> events(int maxTokens) {
    List<String> events = new ArrayList<>();
    int tokens = Math.min(maxTokens, answerTokens);
    for (int i = 0; i < tokens; i++) {
      events.add("data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
          + (i == 0 ? "" : " ") + name + i + "\"}}]}\n\n");
    }
    events.add("data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\""
        + (tokens < maxTokens ? "stop" : "length") + "\"}]}\n\n");
    events.add("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":" + tokens + "}}\n\n");
    events.add("data: [DONE]\n\n");
    return events;
  }

  /** Stops the server; streams still being written end. */
  void stop() throws IOException {
    server.close();
  }

  /** The stream: keep-alives until the first token is due, then the events, paced. */
  private final class Paced implements MockResponseBody {
    private final List<String> events;

    Paced(List<String> events) {
      this.events = events;
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      try {
        long firstAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ttftMillis);
        while (System.nanoTime() - firstAt < 0) {
          sink.writeUtf8(": keep-alive\n\n");
          sink.flush();
          sleep(Math.min(10, Math.max(1, (firstAt - System.nanoTime()) / 1_000_000)));
        }
        for (int i = 0; i < events.size(); i++) {
          sink.writeUtf8(events.get(i));
          sink.flush();
          if (i < events.size() - 4) { // a pause between tokens, none after the last
            sleep(perTokenMillis);
          }
        }
        served.incrementAndGet();
      } catch (IOException e) {
        abandoned.incrementAndGet();
        firstAbandoned.countDown();
        throw e;
      }
    }

    private void sleep(long millis) throws IOException {
      if (millis <= 0) {
        return;
      }
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }
}
