package io.infer4j.samples.cli;

import io.infer4j.InferenceRequest;
import io.infer4j.InvalidRequestException;
import io.infer4j.LatencyBudget;
import io.infer4j.Sampling;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * The flags that shape a request: sampling and the latency budget. Unset flags leave the SDK's
 * defaults ({@link io.infer4j.Sampling#DEFAULT}, no budget). Values are checked by the request
 * itself, so an out-of-range value fails as {@link io.infer4j.InvalidRequestException}.
 */
final class RequestOptions {

  /**
   * The request field each flag sets, so that a malformed value ({@code --temperature hot}) is
   * reported as an invalid request naming the field.
   */
  static final Map<String, String> FIELDS = Map.of(
      "--max-tokens", "sampling.maxTokens",
      "--temperature", "sampling.temperature",
      "--top-p", "sampling.topP",
      "--top-k", "sampling.topK",
      "--seed", "sampling.seed",
      "--stop", "sampling.stop",
      "--latency-budget-ms", "budget.total",
      "--ttft-budget-ms", "budget.timeToFirstToken");

  @Option(names = "--max-tokens", paramLabel = "N",
      description = "Most tokens to generate (default 256).")
  Integer maxTokens;

  @Option(names = "--temperature", paramLabel = "T",
      description = "Sampling temperature in [0, 2]; 0 is greedy (default 1).")
  Double temperature;

  @Option(names = "--top-p", paramLabel = "P",
      description = "Nucleus sampling mass in (0, 1]; 1 is off (default).")
  Double topP;

  @Option(names = "--top-k", paramLabel = "K",
      description = "Keep the K most likely tokens; 0 is off (default).")
  Integer topK;

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed for reproducible sampling (default random).")
  Long seed;

  @Option(names = "--stop", paramLabel = "STR",
      description = "Stop string (repeatable, at most 16); not included in the answer.")
  List<String> stop;

  @Option(names = "--latency-budget-ms", paramLabel = "MS",
      description = "Total time budget in milliseconds.")
  Long latencyBudgetMs;

  @Option(names = "--ttft-budget-ms", paramLabel = "MS",
      description = "Time-to-first-token budget in milliseconds.")
  Long ttftBudgetMs;

  /** A request builder holding the flags that were given; the caller adds the prompt. */
  InferenceRequest.Builder builder() {
    positive("--latency-budget-ms", "budget.total", latencyBudgetMs);
    positive("--ttft-budget-ms", "budget.timeToFirstToken", ttftBudgetMs);
    LatencyBudget budget = LatencyBudget.NONE;
    if (latencyBudgetMs != null) {
      budget = budget.withTotal(Duration.ofMillis(latencyBudgetMs));
    }
    if (ttftBudgetMs != null) {
      budget = budget.withTimeToFirstToken(Duration.ofMillis(ttftBudgetMs));
    }
    return samplingBuilder().budget(budget);
  }

  /** A budget flag must be a positive number of milliseconds; said in the flag's own terms. */
  private static void positive(String flag, String field, Long millis) {
    if (millis != null && millis <= 0) {
      throw new InvalidRequestException(field,
          flag + " must be a positive number of milliseconds: " + millis);
    }
  }

  /** A request builder holding the sampling flags only (no budget). */
  InferenceRequest.Builder samplingBuilder() {
    Sampling s = Sampling.DEFAULT;
    if (maxTokens != null) {
      s = flag("--max-tokens", s, x -> x.withMaxTokens(maxTokens));
    }
    if (temperature != null) {
      s = flag("--temperature", s, x -> x.withTemperature(temperature));
    }
    if (topP != null) {
      s = flag("--top-p", s, x -> x.withTopP(topP));
    }
    if (topK != null) {
      s = flag("--top-k", s, x -> x.withTopK(topK));
    }
    if (seed != null) {
      s = flag("--seed", s, x -> x.withSeed(seed));
    }
    if (stop != null) {
      s = flag("--stop", s, x -> x.withStop(stop));
    }
    return InferenceRequest.builder().sampling(s);
  }

  /**
   * {@code s} with one flag's value; a value the request refuses fails as the same invalid
   * request (its field, for {@code --json} and the exit code) in the flag's own terms: {@code
   * sampling.maxTokens: --max-tokens must be >= 0, was -1}.
   */
  private static Sampling flag(String flag, Sampling s, UnaryOperator<Sampling> apply) {
    try {
      return apply.apply(s);
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException(e.field(), flag + " " + e.problem(), e);
    }
  }
}
