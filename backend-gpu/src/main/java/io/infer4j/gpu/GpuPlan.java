package io.infer4j.gpu;

import io.infer4j.runtime.shape.CostAndEnergy;
import io.infer4j.runtime.shape.JsonLine;
import io.infer4j.spi.LatencyEstimate;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The GPU timing model's answer for one {@link GpuPlanRequest}: memory use and predicted latency.
 * Same fields as the LPU plan, with {@code gpus} for {@code chips} and {@code hbm_bytes_used} for
 * {@code sram_bytes_used}.
 *
 * <p>Immutable and thread-safe. Times are predictions of a roofline model (see the module README),
 * never measurements; byte counts are totals over all GPUs of the plan.
 *
 * @param model catalog name
 * @param hardware the GPU
 * @param gpus tensor-parallel degree
 * @param precision weight storage
 * @param engine whose kernels the figures are for (see {@link GpuEngine#basis()})
 * @param promptTokens tokens per prompt
 * @param outputTokens tokens generated per sequence
 * @param batch sequences decoded together
 * @param weightsBytes bytes of all weights at this precision (the whole model, once)
 * @param hbmBytesUsed device memory used over all GPUs: weight shards, KV cache, working buffers
 * @param hbmBytesAvailable device memory over all GPUs (capacity as in the datasheet)
 * @param ttftMs time to first token: prefill of the prompt through the first sampled token, compute
 *     only (no network or queueing)
 * @param interTokenLatencyMs mean time per further token, averaged over the generation's context
 * @param decodeTokensPerS tokens per second per sequence during decode ({@code 1000 /
 *     interTokenLatencyMs})
 * @param prefillTokensPerS prompt tokens per second over all sequences during prefill
 * @param prefill where the prefill time goes
 * @param decode where a mean decode step's time goes
 * @param costAndEnergy power, energy per token and price per million tokens at this plan's
 *     throughput (decode: {@code batch x decodeTokensPerS}; prefill: {@code prefillTokensPerS})
 */
public record GpuPlan(
    String model,
    GpuHardware hardware,
    int gpus,
    GpuPrecision precision,
    GpuEngine engine,
    int promptTokens,
    int outputTokens,
    int batch,
    long weightsBytes,
    long hbmBytesUsed,
    long hbmBytesAvailable,
    double ttftMs,
    double interTokenLatencyMs,
    double decodeTokensPerS,
    double prefillTokensPerS,
    StepBreakdown prefill,
    StepBreakdown decode,
    CostAndEnergy costAndEnergy) {

  /**
   * Confidence attached to {@link #toLatencyEstimate()}: below 1 because the figures are a
   * roofline's, not measurements: the tuned engine's are validated to within 15% of published
   * measurements, infer4j's are calibrated on the few measurements of one device (module README).
   */
  public static final double ESTIMATE_CONFIDENCE = 0.8;

  /**
   * Checks the plan.
   *
   * @throws NullPointerException if an object component is null
   * @throws IllegalArgumentException if {@code gpus} or a byte count is not positive, or a time or
   *     rate is not positive
   */
  public GpuPlan {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(hardware, "hardware");
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(prefill, "prefill");
    Objects.requireNonNull(decode, "decode");
    Objects.requireNonNull(costAndEnergy, "costAndEnergy");
    if (gpus < 1 || weightsBytes <= 0 || hbmBytesUsed <= 0 || hbmBytesAvailable <= 0) {
      throw new IllegalArgumentException("gpus and byte counts must be positive");
    }
    if (!(ttftMs > 0) || !(interTokenLatencyMs > 0) || !(decodeTokensPerS > 0) || !(prefillTokensPerS > 0)) {
      throw new IllegalArgumentException("times and rates must be positive and finite");
    }
  }

  /** {@return the router's view: time to first token and per-token time, confidence {@value #ESTIMATE_CONFIDENCE}} */
  public LatencyEstimate toLatencyEstimate() {
    return new LatencyEstimate(nanos(ttftMs), nanos(interTokenLatencyMs), ESTIMATE_CONFIDENCE);
  }

  /**
   * {@return the plan as JSON fields in snake_case, in a stable order: {@code model, hardware, gpus,
   * precision, weights_bytes, hbm_bytes_used, ttft_ms, inter_token_latency_ms, decode_tokens_per_s,
   * prefill_tokens_per_s}, then {@code prompt_tokens, output_tokens, batch, hbm_bytes_available,
   * simulated} (always {@code true}), {@code engine} ({@code tuned} or {@code infer4j}), the two
   * breakdowns and {@code cost_energy} ({@link CostAndEnergy#toJsonFields()})} Times are rounded to 0.001 ms, rates to
   * 0.01. Unmodifiable.
   */
  public Map<String, Object> toJsonFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("model", model);
    fields.put("hardware", hardware.id());
    fields.put("gpus", gpus);
    fields.put("precision", precision.id());
    fields.put("weights_bytes", weightsBytes);
    fields.put("hbm_bytes_used", hbmBytesUsed);
    fields.put("ttft_ms", round(ttftMs, 3));
    fields.put("inter_token_latency_ms", round(interTokenLatencyMs, 3));
    fields.put("decode_tokens_per_s", round(decodeTokensPerS, 2));
    fields.put("prefill_tokens_per_s", round(prefillTokensPerS, 2));
    fields.put("prompt_tokens", promptTokens);
    fields.put("output_tokens", outputTokens);
    fields.put("batch", batch);
    fields.put("hbm_bytes_available", hbmBytesAvailable);
    fields.put("simulated", true);
    fields.put("engine", engine.id());
    fields.put("prefill_breakdown_ms", breakdownFields(prefill));
    fields.put("decode_breakdown_ms", breakdownFields(decode));
    fields.put("cost_energy", costAndEnergy.toJsonFields());
    return Collections.unmodifiableMap(fields);
  }

  /** {@return {@link #toJsonFields()} as one JSON object on one line} */
  public String toJson() {
    return JsonLine.write(toJsonFields());
  }

  /** {@return a short human-readable table, one quantity a line; sizes in GiB (2^30 bytes), times in ms} */
  public String toTable() {
    StringBuilder out = new StringBuilder();
    row(out, "model", model);
    row(out, "hardware", gpus + " x " + hardware.spec().name());
    row(out, "precision", precision.id());
    row(out, "engine", engine.id() + ": " + engine.basis());
    row(out, "workload", "batch " + batch + ", " + promptTokens + " prompt + " + outputTokens + " output tokens");
    row(out, "weights", gib(weightsBytes));
    row(out, "HBM used", gib(hbmBytesUsed) + " of " + gib(hbmBytesAvailable));
    row(out, "TTFT", fmt("%.2f ms", ttftMs));
    row(out, "inter-token", fmt("%.3f ms", interTokenLatencyMs));
    row(out, "decode", fmt("%.1f tokens/s per sequence", decodeTokensPerS));
    row(out, "prefill", fmt("%.0f tokens/s", prefillTokensPerS));
    row(out, "decode step", describe(decode));
    row(out, "prefill step", describe(prefill));
    costAndEnergy.toTableRows(hardware.unitName()).forEach((label, value) -> row(out, label, value));
    return out.toString();
  }

  private static Map<String, Object> breakdownFields(StepBreakdown b) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("memory_bound", round(b.memoryBoundMs(), 4));
    fields.put("compute_bound", round(b.computeBoundMs(), 4));
    fields.put("launch_overhead", round(b.launchOverheadMs(), 4));
    fields.put("collectives", round(b.collectivesMs(), 4));
    return Collections.unmodifiableMap(fields);
  }

  private static String describe(StepBreakdown b) {
    return fmt(
        "memory %.3f + compute %.3f + launch %.3f + collectives %.3f ms",
        b.memoryBoundMs(), b.computeBoundMs(), b.launchOverheadMs(), b.collectivesMs());
  }

  private static void row(StringBuilder out, String label, String value) {
    out.append(String.format(Locale.ROOT, "%-12s %s%n", label, value));
  }

  private static String gib(long bytes) {
    return fmt("%.2f GiB", bytes / (double) (1L << 30));
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  private static Duration nanos(double ms) {
    return Duration.ofNanos(Math.round(ms * 1e6));
  }
}
