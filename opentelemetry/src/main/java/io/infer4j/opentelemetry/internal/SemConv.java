package io.infer4j.opentelemetry.internal;

import io.infer4j.FinishReason;
import io.infer4j.InferenceException;
import io.opentelemetry.api.common.AttributeKey;
import java.util.List;
import java.util.Locale;

/**
 * The attribute keys this module writes: those of the OpenTelemetry GenAI semantic conventions
 * v1.41.0 (open-telemetry/semantic-conventions, {@code docs/gen-ai/gen-ai-spans.md} and {@code
 * docs/gen-ai/gen-ai-metrics.md} at tag v1.41.0), spelled out here so that the module needs only
 * {@code opentelemetry-api}, and infer4j's own under {@code infer4j.*}. Not API.
 */
final class SemConv {

  private SemConv() {}

  // GenAI conventions (Development status in v1.41.0).
  static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
  static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
  static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
  static final AttributeKey<Double> REQUEST_TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
  /** A double in v1.41.0's registry, though infer4j's top-k is an int. */
  static final AttributeKey<Double> REQUEST_TOP_K = AttributeKey.doubleKey("gen_ai.request.top_k");
  static final AttributeKey<Long> REQUEST_SEED = AttributeKey.longKey("gen_ai.request.seed");
  static final AttributeKey<List<String>> REQUEST_STOP_SEQUENCES =
      AttributeKey.stringArrayKey("gen_ai.request.stop_sequences");
  static final AttributeKey<Boolean> REQUEST_STREAM = AttributeKey.booleanKey("gen_ai.request.stream");
  static final AttributeKey<String> OUTPUT_TYPE = AttributeKey.stringKey("gen_ai.output.type");
  static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<Double> RESPONSE_TIME_TO_FIRST_CHUNK =
      AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");
  static final AttributeKey<Long> USAGE_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> USAGE_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  /** v1.41.0 registry: input tokens served from a provider-managed cache (part of the input tokens). */
  static final AttributeKey<Long> USAGE_CACHE_READ_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
  /** infer4j's: the request's cost in US dollars, where a price is configured or listed. */
  static final AttributeKey<Double> COST_USD = AttributeKey.doubleKey("infer4j.cost.usd");

  // General conventions (Stable).
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

  // infer4j's own.
  /** The instance the caller's client is bound to (a router's is the router's). */
  static final AttributeKey<String> CLIENT = AttributeKey.stringKey("infer4j.client");
  /** The instance that served: the route decision's chosen backend ({@code RouteDecision.chosen()}). */
  static final AttributeKey<String> BACKEND = AttributeKey.stringKey("infer4j.backend");
  static final AttributeKey<Boolean> TIMING_SIMULATED = AttributeKey.booleanKey("infer4j.timing.simulated");
  static final AttributeKey<String> TIMING_DEVICE = AttributeKey.stringKey("infer4j.timing.device");
  static final AttributeKey<Double> TIMING_TIME_TO_FIRST_TOKEN =
      AttributeKey.doubleKey("infer4j.timing.time_to_first_token");
  static final AttributeKey<Double> TIMING_TOTAL = AttributeKey.doubleKey("infer4j.timing.total");
  static final AttributeKey<Double> TIMING_TOKENS_PER_SECOND =
      AttributeKey.doubleKey("infer4j.timing.tokens_per_second");
  static final AttributeKey<String> USAGE_SOURCE = AttributeKey.stringKey("infer4j.usage.source");
  static final AttributeKey<String> ROUTE_REASON = AttributeKey.stringKey("infer4j.route.reason");
  static final AttributeKey<String> ATTEMPT_BACKEND = AttributeKey.stringKey("infer4j.attempt.backend");
  static final AttributeKey<String> ATTEMPT_KIND = AttributeKey.stringKey("infer4j.attempt.kind");
  static final AttributeKey<Long> ATTEMPT_NUMBER = AttributeKey.longKey("infer4j.attempt.number");
  static final AttributeKey<String> ATTEMPT_OUTCOME = AttributeKey.stringKey("infer4j.attempt.outcome");

  /**
   * The {@code error.type} of a failure: the exception's class name, as the conventions' "the
   * canonical name of exception that occurred" (their example: {@code java.net.UnknownHostException}).
   * infer4j reports only the permitted subclasses of the sealed {@link InferenceException}, so the
   * values are those ten names ({@code io.infer4j.DeadlineExceededException}, ...).
   */
  static String errorType(InferenceException failure) {
    return failure.getClass().getName();
  }

  /**
   * The {@code gen_ai.response.finish_reasons} entry of a finish reason: its name in lower case
   * ({@code stop}, {@code length}, {@code tool_calls}, {@code content_filter}, and infer4j's own
   * {@code stop_sequence}, {@code context_length}, {@code incomplete}, {@code cancelled}).
   */
  static String finishReason(FinishReason reason) {
    return lower(reason);
  }

  /** An enum constant's name in lower case: {@code FALLBACK -> fallback}. */
  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
