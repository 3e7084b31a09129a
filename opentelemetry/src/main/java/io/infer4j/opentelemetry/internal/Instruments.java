package io.infer4j.opentelemetry.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.time.Duration;
import java.util.List;

/**
 * The histograms this module records. The {@code gen_ai.*} ones follow the OpenTelemetry GenAI
 * semantic conventions v1.41.0 ({@code docs/gen-ai/gen-ai-metrics.md} at tag v1.41.0 of
 * open-telemetry/semantic-conventions): names, units, descriptions and the explicit bucket
 * boundaries each metric "SHOULD be specified with", given as advice (a view the application
 * configures still wins). Durations are recorded in seconds. Thread-safe. Not API.
 */
final class Instruments {

  /** Required; unit {@code s}. */
  static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
  /** Recommended; unit {@code {token}}, one point per token type. */
  static final String TOKEN_USAGE = "gen_ai.client.token.usage";
  /** Recommended for streaming calls, and "SHOULD NOT be reported otherwise"; unit {@code s}. */
  static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";
  /**
   * Recommended for streaming calls: "recorded for each chunk received after the first one,
   * measured as the time elapsed from the end of the previous chunk to the end of the current
   * chunk" (v1.41.0); unit {@code s}.
   */
  static final String TIME_PER_OUTPUT_CHUNK = "gen_ai.client.operation.time_per_output_chunk";
  /** infer4j's: the cost of requests, US dollars, a counter (the conventions have no cost metric). */
  static final String COST = "infer4j.client.cost";
  /** infer4j's: cached input tokens, a counter (v1.41.0 has them as a span attribute only). */
  static final String CACHED_INPUT_TOKENS = "infer4j.client.token.cached_input";
  /** infer4j's: the simulated total time of a response whose timing is simulated; unit {@code s}. */
  static final String SIMULATED_DURATION = "infer4j.client.simulated.duration";
  /** infer4j's: the simulated time to first token of a response whose timing is simulated. */
  static final String SIMULATED_TIME_TO_FIRST_TOKEN = "infer4j.client.simulated.time_to_first_token";

  /** v1.41.0, for operation.duration, time_to_first_chunk and time_per_output_chunk alike. */
  static final List<Double> DURATION_BUCKETS = List.of(
      0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

  /** v1.41.0, gen_ai.client.token.usage: powers of 4 from 1 to 4^13. */
  static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L,
      65536L, 262144L, 1048576L, 4194304L, 16777216L, 67108864L);

  /**
   * The boundaries v1.41.0 gives gen_ai.server.time_to_first_token: a simulated figure is what the
   * device would take, and an LPU's is often well under the client buckets' first 10 ms.
   */
  static final List<Double> SIMULATED_FIRST_TOKEN_BUCKETS = List.of(
      0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

  private final DoubleHistogram duration;
  private final LongHistogram tokens;
  private final DoubleHistogram firstChunk;
  private final DoubleHistogram perChunk;
  private final DoubleHistogram simulatedDuration;
  private final io.opentelemetry.api.metrics.DoubleCounter cost;
  private final io.opentelemetry.api.metrics.LongCounter cachedInput;
  private final DoubleHistogram simulatedFirstToken;

  Instruments(Meter meter) {
    duration = seconds(meter, OPERATION_DURATION, "GenAI operation duration.", DURATION_BUCKETS);
    tokens = meter.histogramBuilder(TOKEN_USAGE).ofLongs()
        .setUnit("{token}")
        .setDescription("Number of input and output tokens used.")
        .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
        .build();
    firstChunk = seconds(meter, TIME_TO_FIRST_CHUNK, "Time to receive the first chunk, measured from"
        + " when the client issues the generation request to when the first chunk is received in"
        + " the response stream.", DURATION_BUCKETS);
    perChunk = seconds(meter, TIME_PER_OUTPUT_CHUNK, "Time per output chunk, recorded for each"
        + " chunk received after the first one, measured as the time elapsed from the end of the"
        + " previous chunk to the end of the current chunk.", DURATION_BUCKETS);
    cost = meter.counterBuilder(COST).ofDoubles().setUnit("{USD}")
        .setDescription("What requests cost, in US dollars, where a price is configured or listed.")
        .build();
    cachedInput = meter.counterBuilder(CACHED_INPUT_TOKENS).setUnit("{token}")
        .setDescription("Input tokens served from a provider-managed prompt cache (part of the"
            + " input tokens of " + TOKEN_USAGE + ").")
        .build();
    simulatedDuration = seconds(meter, SIMULATED_DURATION, "The total time a timing model predicts"
        + " for a response whose timing is simulated (the wall time is in "
        + OPERATION_DURATION + ").", DURATION_BUCKETS);
    simulatedFirstToken = seconds(meter, SIMULATED_TIME_TO_FIRST_TOKEN, "The time to first token a"
        + " timing model predicts for a response whose timing is simulated.",
        SIMULATED_FIRST_TOKEN_BUCKETS);
  }

  private static DoubleHistogram seconds(Meter meter, String name, String description,
      List<Double> buckets) {
    return meter.histogramBuilder(name).setUnit("s").setDescription(description)
        .setExplicitBucketBoundariesAdvice(buckets).build();
  }

  void duration(Duration d, Attributes attributes) {
    duration.record(seconds(d), attributes);
  }

  /** One point per token type, {@code input} then {@code output} when given (>= 0). */
  void tokens(int input, int output, Attributes attributes) {
    tokens.record(input, attributes.toBuilder().put(SemConv.TOKEN_TYPE, "input").build());
    if (output >= 0) {
      tokens.record(output, attributes.toBuilder().put(SemConv.TOKEN_TYPE, "output").build());
    }
  }

  void timeToFirstChunk(Duration d, Attributes attributes) {
    firstChunk.record(seconds(d), attributes);
  }

  /** The cost and the cached input tokens of a usage, when there are some. */
  void costAndCache(io.infer4j.Usage usage, Attributes attributes) {
    usage.cost().ifPresent(c -> cost.add(c.usd().doubleValue(), attributes));
    if (usage.cachedPromptTokens() > 0) {
      cachedInput.add(usage.cachedPromptTokens(), attributes);
    }
  }

  void timePerOutputChunk(long nanos, Attributes attributes) {
    perChunk.record(nanos / 1e9, attributes);
  }

  void simulated(Duration timeToFirstToken, Duration total, Attributes attributes) {
    simulatedFirstToken.record(seconds(timeToFirstToken), attributes);
    simulatedDuration.record(seconds(total), attributes);
  }

  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
