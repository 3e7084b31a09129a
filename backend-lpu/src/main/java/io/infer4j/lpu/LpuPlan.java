package io.infer4j.lpu;

import io.infer4j.runtime.shape.CostAndEnergy;
import io.infer4j.runtime.shape.JsonLine;
import io.infer4j.spi.LatencyEstimate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The compiler's answer for one model on an LPU system: where it fits and how fast it runs. Every
 * time is a prediction of the deterministic timing model ({@code simulated}), never a
 * measurement. Compute times ({@code ttftMs}, {@code interTokenLatencyMs}) exclude the network
 * and queueing terms of the {@link LpuPlanRequest}; {@code endToEndTtftMs} adds them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param model model id
 * @param chips chips of the system (as given, or the fewest that fit)
 * @param chipsUsed chips holding weights or KV cache
 * @param precision weight precision
 * @param tensorParallel chips per tensor-parallel group of a decoder layer
 * @param pipelineStages pipeline stages of decoder layers
 * @param weightsBytes weight bytes of the whole model
 * @param sramBytesUsed weights plus reserved KV cache over all chips
 * @param sramBytesTotal SRAM of all {@code chips} chips
 * @param promptTokens prompt tokens planned for
 * @param outputTokens output tokens planned for
 * @param batch sequences served together
 * @param ttftMs compute time to first token (prefill of the prompt, first token out)
 * @param endToEndTtftMs {@code ttftMs} plus the network latency and queueing delay
 * @param networkMs the network term used
 * @param queueMs the queueing term used
 * @param interTokenLatencyMs compute time per further token, at the mid-output context
 * @param decodeTokensPerS tokens per second for one sequence ({@code 1000 / interTokenLatencyMs})
 * @param prefillTokensPerS prompt tokens per second of one sequence during prefill
 * @param decodeBreakdownMs where one decode step's critical path goes, in ms, summing to the
 *     inter-token latency: {@code matmul} (weights into the matrix unit), {@code attention} (KV
 *     cache), {@code vector}, {@code link_transfer} (serialising activations on C2C links), {@code
 *     dependency_chain} (fixed latency of dependent on-chip steps), {@code chip_hops} (C2C hop
 *     latency)
 * @param costAndEnergy power, energy per token and price per million tokens at this plan's
 *     throughput (decode: {@code batch x decodeTokensPerS}; prefill: {@code prefillTokensPerS}
 *     per sequence times {@code batch})
 */
public record LpuPlan(
    String model,
    int chips,
    int chipsUsed,
    LpuPrecision precision,
    int tensorParallel,
    int pipelineStages,
    long weightsBytes,
    long sramBytesUsed,
    long sramBytesTotal,
    int promptTokens,
    int outputTokens,
    int batch,
    double ttftMs,
    double endToEndTtftMs,
    double networkMs,
    double queueMs,
    double interTokenLatencyMs,
    double decodeTokensPerS,
    double prefillTokensPerS,
    Map<String, Double> decodeBreakdownMs,
    CostAndEnergy costAndEnergy) {

  /** The hardware name used in JSON and on the command line. */
  public static final String HARDWARE = "lpu";

  /**
   * Checks the plan and copies {@code decodeBreakdownMs}.
   *
   * @throws NullPointerException if {@code model}, {@code precision}, {@code costAndEnergy} or
   *     {@code decodeBreakdownMs} is null
   * @throws IllegalArgumentException if {@code chips} or {@code chipsUsed} is below 1, {@code
   *     chipsUsed} exceeds {@code chips}, or {@code ttftMs} or {@code interTokenLatencyMs} is not
   *     positive
   */
  public LpuPlan {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(costAndEnergy, "costAndEnergy");
    decodeBreakdownMs = Map.copyOf(decodeBreakdownMs);
    if (chips < 1 || chipsUsed < 1 || chipsUsed > chips) {
      throw new IllegalArgumentException("chips " + chips + ", used " + chipsUsed);
    }
    if (!(ttftMs > 0) || !(interTokenLatencyMs > 0)) {
      throw new IllegalArgumentException("times must be positive: " + ttftMs + ", " + interTokenLatencyMs);
    }
  }

  /** {@return always {@value #HARDWARE}} */
  public String hardware() {
    return HARDWARE;
  }

  /**
   * {@return the end-to-end time in ms for the whole answer: {@code endToEndTtftMs}, then {@code
   * outputTokens - 1} more tokens at {@code interTokenLatencyMs}}
   */
  public double endToEndTotalMs() {
    return endToEndTtftMs + (outputTokens - 1) * interTokenLatencyMs;
  }

  /**
   * {@return the plan as the router's latency estimate: end-to-end time to first token (compute plus the
   * configured network and queue terms) and the per-token time, with confidence 1 (the schedule
   * is deterministic)}
   */
  public LatencyEstimate latencyEstimate() {
    return new LatencyEstimate(nanos(endToEndTtftMs), nanos(interTokenLatencyMs), 1.0);
  }

  private static Duration nanos(double ms) {
    return Duration.ofNanos(Math.round(ms * 1e6));
  }

  /** {@return the plan as JSON fields in snake_case, in a stable order ({@code model}, {@code hardware}, ...)} */
  public Map<String, Object> toFields() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("model", model);
    f.put("hardware", HARDWARE);
    f.put("chips", chips);
    f.put("chips_used", chipsUsed);
    f.put("precision", precision.id());
    f.put("tensor_parallel", tensorParallel);
    f.put("pipeline_stages", pipelineStages);
    f.put("weights_bytes", weightsBytes);
    f.put("sram_bytes_used", sramBytesUsed);
    f.put("sram_bytes_total", sramBytesTotal);
    f.put("prompt_tokens", promptTokens);
    f.put("output_tokens", outputTokens);
    f.put("batch", batch);
    f.put("ttft_ms", ttftMs);
    f.put("e2e_ttft_ms", endToEndTtftMs);
    f.put("network_ms", networkMs);
    f.put("queue_ms", queueMs);
    f.put("inter_token_latency_ms", interTokenLatencyMs);
    f.put("decode_tokens_per_s", decodeTokensPerS);
    f.put("prefill_tokens_per_s", prefillTokensPerS);
    f.put("e2e_total_ms", endToEndTotalMs());
    Map<String, Object> breakdown = new LinkedHashMap<>();
    for (String key : LpuPlan.BREAKDOWN_KEYS) {
      breakdown.put(key, decodeBreakdownMs.getOrDefault(key, 0.0));
    }
    f.put("decode_breakdown_ms", breakdown);
    f.put("cost_energy", costAndEnergy.toJsonFields());
    f.put("simulated", true);
    return f;
  }

  /** Keys of {@link #decodeBreakdownMs}, in report order. */
  public static final java.util.List<String> BREAKDOWN_KEYS =
      java.util.List.of(
          "matmul", "attention", "vector", "link_transfer", "dependency_chain", "chip_hops");

  /** {@return {@link #toFields()} as one line of JSON, numbers rounded to at most 3 decimals} */
  public String toJson() {
    return JsonLine.writeRounded(toFields(), 3);
  }

  /** {@return a short human-readable table; sizes in GiB (2^30 bytes), times in ms} */
  public String toTable() {
    StringBuilder t = new StringBuilder();
    row(t, "model", model);
    row(t, "hardware", HARDWARE + " (simulated)");
    row(t, "chips", chips + " (" + chipsUsed + " used; " + pipelineStages + " stages x "
        + tensorParallel + "-way tensor parallel)");
    row(t, "precision", precision.id());
    row(t, "weights", gib(weightsBytes));
    row(t, "SRAM used", gib(sramBytesUsed) + " of " + gib(sramBytesTotal));
    row(t, "workload", promptTokens + " prompt + " + outputTokens + " output tokens, batch " + batch);
    row(t, "TTFT (compute)", ms(ttftMs));
    row(t, "TTFT (end to end)", ms(endToEndTtftMs) + " (network " + ms(networkMs) + ", queue " + ms(queueMs) + ")");
    row(t, "inter-token latency", ms(interTokenLatencyMs));
    row(t, "decode", String.format(Locale.ROOT, "%.1f tokens/s per sequence", decodeTokensPerS));
    row(t, "prefill", String.format(Locale.ROOT, "%.0f tokens/s", prefillTokensPerS));
    costAndEnergy.toTableRows("chip").forEach((label, value) -> row(t, label, value));
    return t.toString();
  }

  private static void row(StringBuilder t, String key, String value) {
    t.append(String.format(Locale.ROOT, "%-20s %s%n", key, value));
  }

  /** Binary gigabytes (2^30 bytes), as the GPU plan's table prints them; JSON stays in bytes. */
  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
  }

  private static String ms(double ms) {
    return String.format(Locale.ROOT, "%.3f ms", ms);
  }
}
