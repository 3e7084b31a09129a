package io.infer4j.opentelemetry;

import static io.infer4j.opentelemetry.Keys.BACKEND;
import static io.infer4j.opentelemetry.Keys.CLIENT;
import static io.infer4j.opentelemetry.Keys.DURATION;
import static io.infer4j.opentelemetry.Keys.DURATION_BUCKETS;
import static io.infer4j.opentelemetry.Keys.ERROR_TYPE;
import static io.infer4j.opentelemetry.Keys.OPERATION;
import static io.infer4j.opentelemetry.Keys.PROVIDER;
import static io.infer4j.opentelemetry.Keys.REQUEST_MODEL;
import static io.infer4j.opentelemetry.Keys.RESPONSE_MODEL;
import static io.infer4j.opentelemetry.Keys.SIMULATED;
import static io.infer4j.opentelemetry.Keys.SIMULATED_DURATION;
import static io.infer4j.opentelemetry.Keys.TIME_TO_FIRST_CHUNK;
import static io.infer4j.opentelemetry.Keys.TOKEN_BUCKETS;
import static io.infer4j.opentelemetry.Keys.TOKEN_TYPE;
import static io.infer4j.opentelemetry.Keys.TOKEN_USAGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.EmbeddingRequest;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceStream;
import io.infer4j.RateLimitedException;
import io.infer4j.testing.FakeBackend;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The GenAI client metrics of blocking, streamed, failed and embedding requests on the fake. */
class MetricsTest {

  private final InMemoryTelemetry otel = new InMemoryTelemetry();
  private final FakeBackend fake = FakeBackend.create();
  private final InferenceClient client =
      InferenceClients.withListener(fake.client(), InferenceTelemetry.create(otel.sdk));

  @AfterEach
  void close() {
    client.close();
    otel.close();
  }

  @Test
  void aBlockingChatRecordsItsDurationAndTokensWithTheConventionsNamesUnitsAndBuckets() {
    fake.reply("Once upon a time");
    client.generate(InferenceRequest.builder().model("m1").user("tell me a story").build());

    MetricData duration = otel.metric(DURATION).orElseThrow();
    assertEquals("s", duration.getUnit());
    HistogramPointData d = otel.point(DURATION);
    assertEquals(DURATION_BUCKETS, d.getBoundaries());
    assertEquals(1, d.getCount());
    assertEquals("chat", d.getAttributes().get(OPERATION));
    assertEquals("infer4j.fake", d.getAttributes().get(PROVIDER));
    assertEquals("m1", d.getAttributes().get(REQUEST_MODEL));
    assertEquals(FakeBackend.DEFAULT_MODEL, d.getAttributes().get(RESPONSE_MODEL));
    assertEquals("fake", d.getAttributes().get(CLIENT));
    assertEquals("fake", d.getAttributes().get(BACKEND));
    assertEquals(false, d.getAttributes().get(SIMULATED));
    assertNull(d.getAttributes().get(ERROR_TYPE));

    assertEquals("{token}", otel.metric(TOKEN_USAGE).orElseThrow().getUnit());
    HistogramPointData input = otel.point(TOKEN_USAGE, TOKEN_TYPE, "input");
    HistogramPointData output = otel.point(TOKEN_USAGE, TOKEN_TYPE, "output");
    assertEquals(TOKEN_BUCKETS, input.getBoundaries());
    assertEquals(4.0, input.getSum(), "the fake counts the words of the request");
    assertEquals(4.0, output.getSum(), "one token per chunk: Once, upon, a, time");
    assertEquals("chat", output.getAttributes().get(OPERATION));

    assertTrue(otel.metric(TIME_TO_FIRST_CHUNK).isEmpty(), "not reported for a blocking call");
  }

  @Test
  void aStreamRecordsItsTimeToFirstChunk() {
    fake.reply("Once upon a time").latency(Duration.ofMillis(30), Duration.ZERO);
    try (InferenceStream s = client.stream(InferenceRequest.ofPrompt("x"))) {
      s.forEach(chunk -> {});
    }
    assertEquals("s", otel.metric(TIME_TO_FIRST_CHUNK).orElseThrow().getUnit());
    HistogramPointData first = otel.point(TIME_TO_FIRST_CHUNK);
    assertEquals(DURATION_BUCKETS, first.getBoundaries());
    assertTrue(first.getSum() >= 0.03, "at least the fake's first-token latency: " + first.getSum());
    assertEquals("text_completion", first.getAttributes().get(OPERATION));
    assertTrue(otel.point(DURATION).getSum() >= first.getSum());
  }

  @Test
  void aStreamRecordsTheTimeBetweenEachOfItsChunksAfterTheFirst() {
    fake.reply("Once upon a time").latency(Duration.ZERO, Duration.ofMillis(20));
    try (InferenceStream s = client.stream(InferenceRequest.ofPrompt("x"))) {
      s.forEach(chunk -> {});
    }
    HistogramPointData perChunk = otel.point(Keys.TIME_PER_OUTPUT_CHUNK);
    assertEquals("s", otel.metric(Keys.TIME_PER_OUTPUT_CHUNK).orElseThrow().getUnit());
    assertEquals(DURATION_BUCKETS, perChunk.getBoundaries());
    assertEquals(3, perChunk.getCount(), "four chunks, three intervals");
    assertTrue(perChunk.getSum() >= 0.06, "at least the fake's 20 ms per token, three times: "
        + perChunk.getSum());
    client.generate(InferenceRequest.ofPrompt("x"));
    assertEquals(3, otel.point(Keys.TIME_PER_OUTPUT_CHUNK).getCount(), "a blocking call adds none");
  }

  @Test
  void aFailureRecordsItsDurationWithTheErrorTypeAndNoTokens() {
    fake.fail(new RateLimitedException("fake", "slow down", Duration.ofSeconds(1)));
    assertThrows(RateLimitedException.class, () -> client.generate(InferenceRequest.ofUserMessage("x")));

    HistogramPointData d = otel.point(DURATION);
    assertEquals("io.infer4j.RateLimitedException", d.getAttributes().get(ERROR_TYPE));
    assertEquals("infer4j.fake", d.getAttributes().get(PROVIDER));
    assertNull(d.getAttributes().get(RESPONSE_MODEL));
    assertTrue(otel.points(TOKEN_USAGE).isEmpty());
  }

  @Test
  void embeddingsRecordTheirDurationAndInputTokensOnly() {
    client.embed(EmbeddingRequest.of("a cat", "a dog sat"));

    HistogramPointData d = otel.point(DURATION);
    assertEquals("embeddings", d.getAttributes().get(OPERATION));
    assertNull(d.getAttributes().get(REQUEST_MODEL), "the request names no model");
    HistogramPointData tokens = otel.point(TOKEN_USAGE);
    assertEquals("input", tokens.getAttributes().get(TOKEN_TYPE));
    assertEquals(5.0, tokens.getSum());
    assertFalse(otel.metric(SIMULATED_DURATION).isPresent());
  }
}
