package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.EmbeddingRequest;
import io.infer4j.EmbeddingResponse;
import io.infer4j.InvalidRequestException;
import io.infer4j.LatencyBudget;
import io.infer4j.RateLimitedException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/embeddings}: the request, the answer in input order, the budget, the errors. */
class EmbeddingsTest {

  private final MockWebServer server = new MockWebServer();
  private Remote remote;

  @BeforeEach
  void start() throws Exception {
    server.start();
    remote = Remote.to(server, "preset", "openai", "api-key", "sk-emb",
        "base-url", server.url("/v1").toString(), "embedding-model", "e1");
  }

  @AfterEach
  void stop() throws Exception {
    remote.close();
    server.close();
  }

  /** An answer whose data come in the order given by {@code indexes}; input i's vector is (i, 1). */
  private static MockResponse answer(int... indexes) {
    StringBuilder data = new StringBuilder();
    for (int i : indexes) {
      data.append(data.length() == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":")
          .append(i).append(",\"embedding\":[").append(i).append(".0,1.0]}");
    }
    return Remote.json(200, "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"e1-served\","
        + "\"usage\":{\"prompt_tokens\":7,\"total_tokens\":7}}");
  }

  @Test
  void theVectorsComeInInputOrderWithTheReportedTokens() throws Exception {
    server.enqueue(answer(2, 0, 1));
    EmbeddingResponse r = remote.client.embed(EmbeddingRequest.of("a", "b", "c"));
    assertEquals(3, r.embeddings().size());
    for (int i = 0; i < 3; i++) {
      assertEquals(i, r.embeddings().get(i).index());
      assertArrayEquals(new float[] {i, 1f}, r.vector(i));
    }
    assertEquals(7, r.promptTokens());
    assertEquals("e1-served", r.model());
    assertEquals("r", r.backend());
    RecordedRequest rec = server.takeRequest();
    assertEquals("/v1/embeddings", rec.getUrl().encodedPath());
    assertEquals("Bearer sk-emb", rec.getHeaders().get("Authorization"));
    JsonNode sent = new ObjectMapper().readTree(rec.getBody().utf8());
    assertEquals("{\"model\":\"e1\",\"input\":[\"a\",\"b\",\"c\"],\"encoding_format\":\"float\"}",
        sent.toString());
  }

  @Test
  void aServerErrorIsRetriedAsForAGeneration() {
    server.enqueue(Remote.json(503, "{\"error\":{\"message\":\"busy\"}}"));
    server.enqueue(answer(0));
    assertEquals(1, remote.client.embed(EmbeddingRequest.of("a")).embeddings().size());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void theBudgetBoundsTheWait() {
    server.enqueue(new MockResponse.Builder().headersDelay(3, TimeUnit.SECONDS)
        .addHeader("Content-Type", "application/json").body("{}").build());
    EmbeddingRequest slow = EmbeddingRequest.of("a").withBudget(LatencyBudget.ofTotal(Duration.ofMillis(200)));
    long t0 = System.nanoTime();
    assertThrows(DeadlineExceededException.class, () -> remote.client.embed(slow));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(ms < 1500, "ended after " + ms + " ms, not the server's 3 s");
  }

  @Test
  void statusesMapToTheTypedErrors() {
    server.enqueue(Remote.json(400, "{\"error\":{\"message\":\"input too long\"}}"));
    InvalidRequestException bad = assertThrows(InvalidRequestException.class,
        () -> remote.client.embed(EmbeddingRequest.of("a")));
    assertTrue(bad.getMessage().contains("input too long"), bad.getMessage());
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json")
        .addHeader("Retry-After", "120").body("{\"error\":{\"message\":\"slow down\"}}").build());
    RateLimitedException limited = assertThrows(RateLimitedException.class,
        () -> remote.client.embed(EmbeddingRequest.of("a")));
    assertEquals(Duration.ofSeconds(120), limited.retryAfter().orElseThrow());
    assertEquals(2, server.getRequestCount(), "neither retried");
  }

  @Test
  void anAnswerWithTooFewVectorsIsNotRetried() {
    server.enqueue(answer(0));
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> remote.client.embed(EmbeddingRequest.of("a", "b")));
    assertTrue(e.getMessage().contains("1 embeddings for 2 inputs"), e.getMessage());
    assertEquals(1, server.getRequestCount());
  }
}
