package io.infer4j.opentelemetry;

import static io.infer4j.opentelemetry.Keys.ATTEMPT_BACKEND;
import static io.infer4j.opentelemetry.Keys.ATTEMPT_KIND;
import static io.infer4j.opentelemetry.Keys.ATTEMPT_NUMBER;
import static io.infer4j.opentelemetry.Keys.ATTEMPT_OUTCOME;
import static io.infer4j.opentelemetry.Keys.BACKEND;
import static io.infer4j.opentelemetry.Keys.CLIENT;
import static io.infer4j.opentelemetry.Keys.DURATION;
import static io.infer4j.opentelemetry.Keys.ERROR_TYPE;
import static io.infer4j.opentelemetry.Keys.FINISH_REASONS;
import static io.infer4j.opentelemetry.Keys.INPUT_TOKENS;
import static io.infer4j.opentelemetry.Keys.MAX_TOKENS;
import static io.infer4j.opentelemetry.Keys.OPERATION;
import static io.infer4j.opentelemetry.Keys.OUTPUT_TOKENS;
import static io.infer4j.opentelemetry.Keys.PROVIDER;
import static io.infer4j.opentelemetry.Keys.REQUEST_MODEL;
import static io.infer4j.opentelemetry.Keys.RESPONSE_MODEL;
import static io.infer4j.opentelemetry.Keys.STREAM;
import static io.infer4j.opentelemetry.Keys.TEMPERATURE;
import static io.infer4j.opentelemetry.Keys.TIME_TO_FIRST_CHUNK_ATTR;
import static io.infer4j.opentelemetry.Keys.TOKEN_USAGE;
import static io.infer4j.opentelemetry.Keys.TOP_P;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceListener;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.LatencyBudget;
import io.infer4j.Sampling;
import io.infer4j.testing.FakeBackend;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The request span, its attempt spans, and how they end. */
class TracesTest {

  private final InMemoryTelemetry otel = new InMemoryTelemetry();

  @AfterEach
  void close() {
    otel.close();
  }

  private InferenceClient listened(InferenceClient client) {
    return InferenceClients.withListener(client, InferenceTelemetry.create(otel.sdk));
  }

  @Test
  void aRequestIsOneClientSpanNamedAfterItsOperationAndModelWithTheConventionsAttributes() {
    FakeBackend fake = FakeBackend.create().reply("Once upon a time");
    try (InferenceClient client = listened(fake.client())) {
      client.generate(InferenceRequest.builder().model("m1").user("a story")
          .sampling(Sampling.DEFAULT.withMaxTokens(3).withTemperature(0.5).withTopP(0.9))
          .build());
    }
    SpanData span = otel.span("chat m1");
    assertEquals(SpanKind.CLIENT, span.getKind());
    assertEquals("chat", span.getAttributes().get(OPERATION));
    assertEquals("infer4j.fake", span.getAttributes().get(PROVIDER));
    assertEquals("m1", span.getAttributes().get(REQUEST_MODEL));
    assertEquals(3L, span.getAttributes().get(MAX_TOKENS));
    assertEquals(0.5, span.getAttributes().get(TEMPERATURE));
    assertEquals(0.9, span.getAttributes().get(TOP_P));
    assertEquals(FakeBackend.DEFAULT_MODEL, span.getAttributes().get(RESPONSE_MODEL));
    assertEquals(List.of("length"), span.getAttributes().get(FINISH_REASONS), "cut at 3 tokens");
    assertEquals(2L, span.getAttributes().get(INPUT_TOKENS));
    assertEquals(3L, span.getAttributes().get(OUTPUT_TOKENS));
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
    assertEquals(1, otel.finishedSpans().size(), "a direct client reports no attempts");
  }

  @Test
  void theCallersCurrentSpanIsTheParentAndAStreamSaysSo() {
    FakeBackend fake = FakeBackend.create().reply("Hi there");
    Span parent = otel.sdk.getTracer("test").spanBuilder("handler").startSpan();
    try (InferenceClient client = listened(fake.client()); Scope ignored = parent.makeCurrent()) {
      try (InferenceStream s = client.stream(InferenceRequest.ofPrompt("x"))) {
        s.forEach(chunk -> {});
      }
    } finally {
      parent.end();
    }
    SpanData span = otel.span("text_completion");
    assertEquals(parent.getSpanContext().getSpanId(), span.getParentSpanId());
    assertEquals(true, span.getAttributes().get(STREAM));
    assertTrue(span.getAttributes().get(TIME_TO_FIRST_CHUNK_ATTR) >= 0.0);
  }

  @Test
  void aRoutedRequestWithOneFallbackHasTwoAttemptSpansUnderItsSpan() {
    try (SystemProperties config = new SystemProperties(Map.of(
            "infer4j.listeners", "none",
            "infer4j.backends.llm.type", "router",
            "infer4j.router.backends", "down,up",
            "infer4j.router.policy", "priority-within-budget",
            "infer4j.backends.down.type", "fake",
            "infer4j.backends.down.fail", "HTTP 503 (test)",
            "infer4j.backends.down.prior-ttft", "10ms", // predicted, so ranked by priority
            "infer4j.backends.up.type", "fake"));
        InferenceClient client = listened(InferenceClients.fromConfig("llm"))) {
      InferenceResponse r = client.generate(InferenceRequest.builder().prompt("x").maxTokens(5).build());
      assertEquals("up", r.backend());
    }

    SpanData request = otel.span("text_completion");
    SpanData first = otel.span("attempt down");
    SpanData fallback = otel.span("attempt up");
    for (SpanData attempt : List.of(first, fallback)) {
      assertEquals(request.getSpanId(), attempt.getParentSpanId());
      assertEquals(request.getTraceId(), attempt.getTraceId());
      assertEquals(SpanKind.INTERNAL, attempt.getKind());
    }
    assertEquals("down", first.getAttributes().get(ATTEMPT_BACKEND));
    assertEquals("first", first.getAttributes().get(ATTEMPT_KIND));
    assertEquals(1L, first.getAttributes().get(ATTEMPT_NUMBER));
    assertEquals("failed", first.getAttributes().get(ATTEMPT_OUTCOME));
    assertEquals("io.infer4j.BackendUnavailableException", first.getAttributes().get(ERROR_TYPE));
    assertEquals(StatusCode.ERROR, first.getStatus().getStatusCode());
    assertEquals("infer4j.fake", first.getAttributes().get(PROVIDER));

    assertEquals("fallback", fallback.getAttributes().get(ATTEMPT_KIND));
    assertEquals(2L, fallback.getAttributes().get(ATTEMPT_NUMBER));
    assertEquals("succeeded", fallback.getAttributes().get(ATTEMPT_OUTCOME));
    assertEquals(StatusCode.UNSET, fallback.getStatus().getStatusCode());
    assertTrue(first.getEndEpochNanos() <= fallback.getStartEpochNanos());

    assertEquals("infer4j.fake", request.getAttributes().get(PROVIDER), "the serving instance's");
    assertEquals("up", request.getAttributes().get(BACKEND));
    assertEquals("llm", request.getAttributes().get(CLIENT));
    assertEquals(StatusCode.UNSET, request.getStatus().getStatusCode());
    assertEquals("infer4j.fake", otel.point(DURATION).getAttributes().get(PROVIDER));
    assertEquals("up", otel.point(DURATION).getAttributes().get(BACKEND));
  }

  @Test
  void aRequestThatRunsOutOfTimeOnTheTimerThreadEndsItsSpanOnceWithTheError() throws Exception {
    FakeBackend slow = FakeBackend.create().reply("late").latency(Duration.ofSeconds(5), Duration.ZERO);
    try (InferenceClient client = listened(slow.client())) {
      assertThrows(DeadlineExceededException.class, () -> client.generate(
          InferenceRequest.builder().user("x")
              .budget(LatencyBudget.ofTotal(Duration.ofMillis(50))).build()));
      // recorded before the caller had the exception, whichever thread recorded it
      assertEquals(StatusCode.ERROR, otel.span("chat").getStatus().getStatusCode());
    }
    Thread.sleep(100); // anything late (the fake's generation closing) would have ended by now
    SpanData span = otel.span("chat");
    assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
    assertEquals("io.infer4j.DeadlineExceededException", span.getAttributes().get(ERROR_TYPE));
    assertTrue(span.getEvents().stream().anyMatch(e -> e.getName().equals("exception")));
    assertEquals(1, otel.point(DURATION).getCount());
  }

  @Test
  void onlyTheFirstEndEventEndsTheSpanAndRecordsTheMetrics() {
    InferenceListener.Call call = new InferenceListener.Call(InferenceListener.Operation.CHAT, "fake",
        InferenceRequest.ofUserMessage("x"), null, false, Instant.now(), null);
    InferenceListener listener = InferenceTelemetry.create(otel.sdk).create(call);
    listener.requestFailed(call, new DeadlineExceededException("budget spent"), Duration.ZERO);
    listener.requestEnd(call, InferenceResponse.of("late"));
    listener.requestFailed(call, new DeadlineExceededException("again"), Duration.ZERO);

    assertEquals(1, otel.finishedSpans().size());
    assertEquals(1, otel.point(DURATION).getCount());
    assertTrue(otel.points(TOKEN_USAGE).isEmpty());
  }
}
