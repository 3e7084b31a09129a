package io.infer4j.opentelemetry.internal;

import static io.infer4j.opentelemetry.internal.SemConv.ATTEMPT_BACKEND;
import static io.infer4j.opentelemetry.internal.SemConv.ATTEMPT_KIND;
import static io.infer4j.opentelemetry.internal.SemConv.ATTEMPT_NUMBER;
import static io.infer4j.opentelemetry.internal.SemConv.ATTEMPT_OUTCOME;
import static io.infer4j.opentelemetry.internal.SemConv.BACKEND;
import static io.infer4j.opentelemetry.internal.SemConv.ERROR_TYPE;
import static io.infer4j.opentelemetry.internal.SemConv.PROVIDER_NAME;
import static io.infer4j.opentelemetry.internal.SemConv.RESPONSE_MODEL;
import static io.infer4j.opentelemetry.internal.SemConv.RESPONSE_TIME_TO_FIRST_CHUNK;
import static io.infer4j.opentelemetry.internal.SemConv.TIMING_DEVICE;
import static io.infer4j.opentelemetry.internal.SemConv.TIMING_SIMULATED;
import static io.infer4j.opentelemetry.internal.SemConv.USAGE_INPUT_TOKENS;
import static io.infer4j.opentelemetry.internal.SemConv.errorType;
import static io.infer4j.opentelemetry.internal.SemConv.lower;

import io.infer4j.EmbeddingResponse;
import io.infer4j.InferenceException;
import io.infer4j.InferenceListener;
import io.infer4j.InferenceResponse;
import io.infer4j.RouteDecision;
import io.infer4j.Timing;
import io.infer4j.opentelemetry.internal.Origins.Origin;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The telemetry of one request: its span (started when the listener is made, on the caller's
 * thread, so the caller's current span is its parent), a child span per attempt, and the metric
 * points, recorded when the request ends.
 *
 * <p><b>Clocks.</b> {@code gen_ai.client.operation.duration} is the caller-visible wall time, on
 * {@link System#nanoTime}, from the moment the client received the request to its end event,
 * whether the backend's timing is measured or simulated; so is the time to first chunk, which the
 * SDK measures the same way. A simulated timing's figures go to infer4j's own metrics and to span
 * attributes.
 *
 * <p><b>Threads.</b> Events come from the caller's thread, the router's, or the SDK's timer thread
 * (a budget running out). The request span and its metric points are ended and recorded exactly
 * once, by the first end event; each attempt span is ended once, by its own end event. Not API.
 */
final class RequestTelemetry implements InferenceListener {

  private final Telemetry telemetry;
  private final Call call;
  private final Span span;
  private final long startNanos;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final Map<Attempt, Span> attempts = new ConcurrentHashMap<>();
  /** The instance of the latest attempt started, or null when the backend reported none. */
  private volatile String lastAttempted;
  /** Set by the first chunk; null before. */
  private volatile Duration firstChunk;
  /** When the previous chunk arrived, ns since the start; -1 before the first (consumer thread only). */
  private long previousChunkNanos = -1;
  /** The attributes of time_per_output_chunk points: what is known when chunks arrive. */
  private Attributes chunkAttributes;

  RequestTelemetry(Telemetry telemetry, Call call) {
    this.telemetry = telemetry;
    this.call = call;
    this.startNanos = System.nanoTime();
    this.span = telemetry.tracer().spanBuilder(RequestAttributes.spanName(call))
        .setSpanKind(SpanKind.CLIENT)
        .setStartTimestamp(call.startedAt())
        .setAllAttributes(RequestAttributes.onStart(call, telemetry.origin(call.client())))
        .startSpan();
  }

  @Override
  public void firstChunk(Call c, Duration timeToFirstChunk) {
    firstChunk = timeToFirstChunk;
  }

  /** A stream's chunks after the first: one time_per_output_chunk point each (v1.41.0). */
  @Override
  public void chunk(Call c, io.infer4j.TokenChunk chunk, Duration sinceStart) {
    if (!call.streamed()) {
      return;
    }
    long now = sinceStart.toNanos();
    if (previousChunkNanos >= 0) {
      if (chunkAttributes == null) {
        chunkAttributes = RequestAttributes.metric(call, telemetry.origin(call.client()), null, null);
      }
      telemetry.instruments().timePerOutputChunk(Math.max(0, now - previousChunkNanos), chunkAttributes);
    }
    previousChunkNanos = now;
  }

  @Override
  public void attemptStart(Call c, Attempt attempt) {
    lastAttempted = attempt.backend();
    Span s = telemetry.tracer().spanBuilder("attempt " + attempt.backend())
        .setParent(Context.root().with(span))
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute(PROVIDER_NAME, telemetry.origin(attempt.backend()).providerName())
        .setAttribute(ATTEMPT_BACKEND, attempt.backend())
        .setAttribute(ATTEMPT_KIND, lower(attempt.kind()))
        .setAttribute(ATTEMPT_NUMBER, (long) attempt.number())
        .startSpan();
    Span previous = attempts.put(attempt, s);
    if (previous != null) {
      previous.end(); // the same attempt reported twice: keep the newer one open
    }
  }

  @Override
  public void attemptEnd(Call c, Attempt attempt, RouteDecision.Outcome outcome, Duration elapsed,
      InferenceException failure) {
    Span s = attempts.remove(attempt);
    if (s == null) {
      return;
    }
    s.setAttribute(ATTEMPT_OUTCOME, lower(outcome));
    if (failure != null) {
      failed(s, failure);
    }
    s.end();
  }

  @Override
  public void requestEnd(Call c, InferenceResponse response) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    Duration wall = elapsed();
    Duration chunk = call.streamed() ? firstChunk : null;
    Origin served = telemetry.origin(response.backend());
    span.setAllAttributes(RequestAttributes.onResponse(response, served, chunk));
    span.end();

    Timing timing = response.timing();
    Attributes a = RequestAttributes.metric(call, served, response.backend(), response.model())
        .toBuilder().put(TIMING_SIMULATED, timing.simulated()).build();
    Instruments m = telemetry.instruments();
    m.duration(wall, a);
    m.tokens(response.usage().promptTokens(), response.usage().completionTokens(), a);
    m.costAndCache(response.usage(), a);
    if (chunk != null) {
      m.timeToFirstChunk(chunk, a);
    }
    if (timing.simulated()) {
      m.simulated(timing.timeToFirstToken(), timing.total(),
          timing.device().isEmpty() ? a : a.toBuilder().put(TIMING_DEVICE, timing.device()).build());
    }
  }

  @Override
  public void embeddingEnd(Call c, EmbeddingResponse response, Duration elapsed) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    Duration wall = elapsed();
    Origin served = telemetry.origin(response.backend());
    span.setAttribute(PROVIDER_NAME, served.providerName());
    span.setAttribute(RESPONSE_MODEL, response.model());
    span.setAttribute(USAGE_INPUT_TOKENS, (long) response.promptTokens());
    span.setAttribute(BACKEND, response.backend());
    span.end();

    Attributes a = RequestAttributes.metric(call, served, response.backend(), response.model());
    telemetry.instruments().duration(wall, a);
    telemetry.instruments().tokens(response.promptTokens(), -1, a);
  }

  @Override
  public void requestFailed(Call c, InferenceException failure, Duration elapsed) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    Duration wall = elapsed();
    Duration chunk = call.streamed() ? firstChunk : null;
    String backend = lastAttempted;
    Origin origin = telemetry.origin(backend != null ? backend : call.client());
    span.setAttribute(PROVIDER_NAME, origin.providerName());
    if (backend != null) {
      span.setAttribute(BACKEND, backend);
    }
    if (chunk != null) {
      span.setAttribute(RESPONSE_TIME_TO_FIRST_CHUNK, Instruments.seconds(chunk));
    }
    failed(span, failure);
    span.end();

    Attributes a = RequestAttributes.metric(call, origin, backend, null);
    telemetry.instruments().duration(wall, a.toBuilder().put(ERROR_TYPE, errorType(failure)).build());
    if (chunk != null) {
      telemetry.instruments().timeToFirstChunk(chunk, a);
    }
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** Marks {@code s} failed: {@code error.type}, status ERROR with the message, the exception event. */
  private static void failed(Span s, InferenceException failure) {
    s.setAttribute(ERROR_TYPE, errorType(failure));
    s.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
    s.recordException(failure);
  }
}
