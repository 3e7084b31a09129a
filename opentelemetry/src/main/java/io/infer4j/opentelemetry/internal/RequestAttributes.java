package io.infer4j.opentelemetry.internal;

import static io.infer4j.opentelemetry.internal.SemConv.BACKEND;
import static io.infer4j.opentelemetry.internal.SemConv.CLIENT;
import static io.infer4j.opentelemetry.internal.SemConv.OPERATION_NAME;
import static io.infer4j.opentelemetry.internal.SemConv.OUTPUT_TYPE;
import static io.infer4j.opentelemetry.internal.SemConv.PROVIDER_NAME;
import static io.infer4j.opentelemetry.internal.SemConv.REQUEST_MAX_TOKENS;
import static io.infer4j.opentelemetry.internal.SemConv.REQUEST_MODEL;
import static io.infer4j.opentelemetry.internal.SemConv.REQUEST_SEED;
import static io.infer4j.opentelemetry.internal.SemConv.REQUEST_STOP_SEQUENCES;
import static io.infer4j.opentelemetry.internal.SemConv.REQUEST_STREAM;
import static io.infer4j.opentelemetry.internal.SemConv.REQUEST_TEMPERATURE;
import static io.infer4j.opentelemetry.internal.SemConv.REQUEST_TOP_K;
import static io.infer4j.opentelemetry.internal.SemConv.REQUEST_TOP_P;
import static io.infer4j.opentelemetry.internal.SemConv.RESPONSE_FINISH_REASONS;
import static io.infer4j.opentelemetry.internal.SemConv.RESPONSE_MODEL;
import static io.infer4j.opentelemetry.internal.SemConv.RESPONSE_TIME_TO_FIRST_CHUNK;
import static io.infer4j.opentelemetry.internal.SemConv.ROUTE_REASON;
import static io.infer4j.opentelemetry.internal.SemConv.SERVER_ADDRESS;
import static io.infer4j.opentelemetry.internal.SemConv.SERVER_PORT;
import static io.infer4j.opentelemetry.internal.SemConv.TIMING_DEVICE;
import static io.infer4j.opentelemetry.internal.SemConv.TIMING_SIMULATED;
import static io.infer4j.opentelemetry.internal.SemConv.TIMING_TIME_TO_FIRST_TOKEN;
import static io.infer4j.opentelemetry.internal.SemConv.TIMING_TOKENS_PER_SECOND;
import static io.infer4j.opentelemetry.internal.SemConv.TIMING_TOTAL;
import static io.infer4j.opentelemetry.internal.SemConv.USAGE_INPUT_TOKENS;
import static io.infer4j.opentelemetry.internal.SemConv.USAGE_OUTPUT_TOKENS;
import static io.infer4j.opentelemetry.internal.SemConv.USAGE_SOURCE;
import static io.infer4j.opentelemetry.internal.SemConv.finishReason;
import static io.infer4j.opentelemetry.internal.SemConv.lower;

import io.infer4j.InferenceListener;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.Sampling;
import io.infer4j.Timing;
import io.infer4j.opentelemetry.internal.Origins.Origin;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.time.Duration;
import java.util.List;

/** The attributes of a request's span and metrics, from what the listener hears. Not API. */
final class RequestAttributes {

  private RequestAttributes() {}

  /** {@code {gen_ai.operation.name} {gen_ai.request.model}}, or the operation alone without a model. */
  static String spanName(InferenceListener.Call call) {
    String model = call.requestedModel();
    return model == null ? call.operation().conventionName()
        : call.operation().conventionName() + " " + model;
  }

  /**
   * What is known when the request starts, including the attributes the conventions want at span
   * creation for sampling (operation, provider, request model, server address and port).
   */
  static Attributes onStart(InferenceListener.Call call, Origin origin) {
    AttributesBuilder b = common(call, origin);
    InferenceRequest r = call.request();
    if (r != null) {
      Sampling s = r.sampling();
      b.put(REQUEST_MAX_TOKENS, s.maxTokens());
      b.put(REQUEST_TEMPERATURE, s.temperature());
      b.put(REQUEST_TOP_P, s.topP());
      if (s.topK() > 0) {
        b.put(REQUEST_TOP_K, (double) s.topK());
      }
      if (s.seed() != null) {
        b.put(REQUEST_SEED, s.seed());
      }
      if (!s.stop().isEmpty()) {
        b.put(REQUEST_STOP_SEQUENCES, s.stop());
      }
      if (r.responseFormat().isJson()) {
        b.put(OUTPUT_TYPE, "json");
      }
    }
    if (call.streamed()) {
      b.put(REQUEST_STREAM, true); // "if and only if the request is streaming"
    }
    return b.build();
  }

  /** What a generation's response adds to its span. */
  static Attributes onResponse(InferenceResponse response, Origin served, Duration firstChunk) {
    Timing t = response.timing();
    AttributesBuilder b = Attributes.builder()
        .put(PROVIDER_NAME, served.providerName())
        .put(RESPONSE_MODEL, response.model())
        .put(RESPONSE_FINISH_REASONS, List.of(finishReason(response.finishReason())))
        .put(USAGE_INPUT_TOKENS, response.usage().promptTokens())
        .put(USAGE_OUTPUT_TOKENS, response.usage().completionTokens())
        .put(USAGE_SOURCE, lower(response.usage().source()))
        .put(BACKEND, response.route().chosen())
        .put(ROUTE_REASON, response.route().reason())
        .put(TIMING_SIMULATED, t.simulated())
        .put(TIMING_TIME_TO_FIRST_TOKEN, Instruments.seconds(t.timeToFirstToken()))
        .put(TIMING_TOTAL, Instruments.seconds(t.total()))
        .put(TIMING_TOKENS_PER_SECOND, t.tokensPerSecond());
    if (!t.device().isEmpty()) {
      b.put(TIMING_DEVICE, t.device());
    }
    if (firstChunk != null) {
      b.put(RESPONSE_TIME_TO_FIRST_CHUNK, Instruments.seconds(firstChunk));
    }
    if (response.usage().cachedPromptTokens() > 0) {
      b.put(SemConv.USAGE_CACHE_READ_INPUT_TOKENS, response.usage().cachedPromptTokens());
    }
    response.usage().cost().ifPresent(c -> b.put(SemConv.COST_USD, c.usd().doubleValue()));
    return b.build();
  }

  /**
   * The attributes of a request's metric points: the conventions' (operation, provider, request
   * and response model, server address and port) and infer4j's client and serving instance.
   *
   * @param backend the instance that served (or was tried last), or null when unknown
   * @param responseModel null when there is no response
   */
  static Attributes metric(InferenceListener.Call call, Origin origin, String backend,
      String responseModel) {
    AttributesBuilder b = common(call, origin);
    if (responseModel != null) {
      b.put(RESPONSE_MODEL, responseModel);
    }
    if (backend != null) {
      b.put(BACKEND, backend);
    }
    return b.build();
  }

  private static AttributesBuilder common(InferenceListener.Call call, Origin origin) {
    AttributesBuilder b = Attributes.builder()
        .put(OPERATION_NAME, call.operation().conventionName())
        .put(PROVIDER_NAME, origin.providerName())
        .put(CLIENT, call.client());
    String model = call.requestedModel();
    if (model != null) {
      b.put(REQUEST_MODEL, model);
    }
    if (origin.serverAddress() != null) {
      b.put(SERVER_ADDRESS, origin.serverAddress());
      b.put(SERVER_PORT, origin.serverPort());
    }
    return b;
  }
}
