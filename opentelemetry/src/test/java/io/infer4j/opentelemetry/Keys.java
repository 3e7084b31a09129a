package io.infer4j.opentelemetry;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The names the tests expect, spelled out again from the GenAI conventions v1.41.0
 * (docs/gen-ai/gen-ai-metrics.md, gen-ai-spans.md), so a typo in the module shows.
 */
final class Keys {

  private Keys() {}

  static final String DURATION = "gen_ai.client.operation.duration";
  static final String TOKEN_USAGE = "gen_ai.client.token.usage";
  static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";
  static final String TIME_PER_OUTPUT_CHUNK = "gen_ai.client.operation.time_per_output_chunk";
  static final String SIMULATED_DURATION = "infer4j.client.simulated.duration";
  static final String SIMULATED_TTFT = "infer4j.client.simulated.time_to_first_token";

  static final List<Double> DURATION_BUCKETS = List.of(
      0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
  static final List<Double> TOKEN_BUCKETS = List.of(1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 4096.0,
      16384.0, 65536.0, 262144.0, 1048576.0, 4194304.0, 16777216.0, 67108864.0);

  static final AttributeKey<String> OPERATION = stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER = stringKey("gen_ai.provider.name");
  static final AttributeKey<String> REQUEST_MODEL = stringKey("gen_ai.request.model");
  static final AttributeKey<String> RESPONSE_MODEL = stringKey("gen_ai.response.model");
  static final AttributeKey<String> TOKEN_TYPE = stringKey("gen_ai.token.type");
  static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");
  static final AttributeKey<Long> MAX_TOKENS = longKey("gen_ai.request.max_tokens");
  static final AttributeKey<Double> TEMPERATURE = doubleKey("gen_ai.request.temperature");
  static final AttributeKey<Double> TOP_P = doubleKey("gen_ai.request.top_p");
  static final AttributeKey<Boolean> STREAM = booleanKey("gen_ai.request.stream");
  static final AttributeKey<List<String>> FINISH_REASONS = stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<Double> TIME_TO_FIRST_CHUNK_ATTR = doubleKey("gen_ai.response.time_to_first_chunk");
  static final AttributeKey<Long> INPUT_TOKENS = longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS = longKey("gen_ai.usage.output_tokens");

  static final AttributeKey<String> CLIENT = stringKey("infer4j.client");
  static final AttributeKey<String> BACKEND = stringKey("infer4j.backend");
  static final AttributeKey<Boolean> SIMULATED = booleanKey("infer4j.timing.simulated");
  static final AttributeKey<String> DEVICE = stringKey("infer4j.timing.device");
  static final AttributeKey<Double> SIMULATED_TOTAL = doubleKey("infer4j.timing.total");
  static final AttributeKey<String> ATTEMPT_BACKEND = stringKey("infer4j.attempt.backend");
  static final AttributeKey<String> ATTEMPT_KIND = stringKey("infer4j.attempt.kind");
  static final AttributeKey<Long> ATTEMPT_NUMBER = longKey("infer4j.attempt.number");
  static final AttributeKey<String> ATTEMPT_OUTCOME = stringKey("infer4j.attempt.outcome");
}
