package io.infer4j.gpu;

import io.infer4j.InvalidRequestException;
import java.util.Objects;

/**
 * A what-if question for the GPU timing model: a catalog model on {@code gpus} GPUs of one kind,
 * weights in one precision, {@code batch} sequences of {@code promptTokens} in and {@code
 * outputTokens} out.
 *
 * <p>Immutable. Invalid values fail in the constructor with an {@link InvalidRequestException}
 * naming the field.
 *
 * @param model catalog name, e.g. {@code llama-2-7b} (see {@link GpuPlanner#models()}), or a
 *     label when the shape is given to {@link GpuPlanner#plan(io.infer4j.runtime.shape.ModelShape,
 *     GpuPlanRequest)}
 * @param hardware the GPU
 * @param gpus tensor-parallel degree, 1 to {@link GpuHardware#maxUnits()} (8 GPUs of one node, or
 *     256 chips of a TPU slice); must divide the model's heads
 * @param precision weight storage
 * @param engine whose kernels the prediction is for: {@link GpuEngine#TUNED} (the default) or
 *     {@link GpuEngine#INFER4J}
 * @param promptTokens tokens per prompt, at least 1
 * @param outputTokens tokens generated per sequence, at least 1
 * @param batch sequences decoded together, at least 1
 * @param usdPerHour price of one accelerator-hour for the plan's cost figures, or NaN for the
 *     hardware's default ({@link GpuHardware#usdPerHour()})
 * @param wattsPerUnit power of one accelerator for the energy figures, or NaN for the datasheet's
 *     rated maximum ({@link GpuSpec#maxPowerWatts()})
 */
public record GpuPlanRequest(
    String model,
    GpuHardware hardware,
    int gpus,
    GpuPrecision precision,
    GpuEngine engine,
    int promptTokens,
    int outputTokens,
    int batch,
    double usdPerHour,
    double wattsPerUnit) {

  /** The most GPUs one node (HGX board, AMD's 8-GPU platform) joins for tensor parallelism. */
  public static final int MAX_GPUS = 8;

  /** The most TPU chips of one v5e or v6e slice (a pod of 256 chips). */
  public static final int MAX_TPU_CHIPS = 256;

  /**
   * Checks every component.
   *
   * @throws InvalidRequestException naming the field when {@code model} is null or blank, {@code
   *     gpus} is out of range for the hardware, a token count or {@code batch} is below 1, or a
   *     price (field {@code pricePerHour}) or power (field {@code watts}) is out of range
   * @throws NullPointerException if {@code hardware}, {@code precision} or {@code engine} is null
   */
  public GpuPlanRequest {
    if (model == null || model.isBlank()) {
      throw new InvalidRequestException("model", "a catalog model name is required");
    }
    Objects.requireNonNull(hardware, "hardware");
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(engine, "engine");
    if (gpus >= 1 && gpus <= hardware.maxUnits() && !hardware.unitCounts().contains(gpus)
        && hardware.maxUnits() == MAX_TPU_CHIPS) {
      throw new InvalidRequestException("gpus", hardware.id() + " slices have "
          + hardware.unitCounts() + " chips: " + gpus);
    }
    if (gpus < 1 || gpus > hardware.maxUnits()) {
      throw new InvalidRequestException("gpus", "must be 1 to " + hardware.maxUnits()
          + (hardware.maxUnits() == MAX_GPUS
              ? " (one node; multi-node is not modelled): "
              : " (one " + hardware.id() + " slice): ") + gpus);
    }
    atLeastOne("promptTokens", promptTokens);
    atLeastOne("outputTokens", outputTokens);
    atLeastOne("batch", batch);
    if (!Double.isNaN(usdPerHour) && !(usdPerHour >= 0 && usdPerHour < Double.POSITIVE_INFINITY)) {
      throw new InvalidRequestException("pricePerHour", "must be a finite amount >= 0: " + usdPerHour);
    }
    if (!Double.isNaN(wattsPerUnit) && !(wattsPerUnit > 0 && wattsPerUnit < Double.POSITIVE_INFINITY)) {
      throw new InvalidRequestException("watts", "must be a finite power > 0: " + wattsPerUnit);
    }
  }

  /**
   * {@return a builder with defaults: 1 GPU, bf16, the tuned engine, 128 prompt tokens, 128 output tokens,
   * batch 1}
   *
   * @param model a catalog name, or a label when a shape is given to the planner; checked by
   *     {@link Builder#build()}
   * @param hardware the GPU; checked by {@link Builder#build()}
   */
  public static Builder builder(String model, GpuHardware hardware) {
    return new Builder(model, hardware);
  }

  private static void atLeastOne(String field, int value) {
    if (value < 1) {
      throw new InvalidRequestException(field, "must be at least 1: " + value);
    }
  }

  /** Builds a {@link GpuPlanRequest}; not thread-safe, validation happens in {@link #build()}. */
  public static final class Builder {
    private final String model;
    private final GpuHardware hardware;
    private int gpus = 1;
    private GpuPrecision precision = GpuPrecision.BF16;
    private GpuEngine engine = GpuEngine.TUNED;
    private int promptTokens = 128;
    private int outputTokens = 128;
    private int batch = 1;
    private double usdPerHour = Double.NaN;
    private double wattsPerUnit = Double.NaN;

    private Builder(String model, GpuHardware hardware) {
      this.model = model;
      this.hardware = hardware;
    }

    /**
     * {@return this builder, with the tensor-parallel degree set}
     *
     * @param gpus GPUs (or TPU chips) that split each layer; default 1
     */
    public Builder gpus(int gpus) {
      this.gpus = gpus;
      return this;
    }

    /**
     * {@return this builder, with the weight storage set}
     *
     * @param precision the weight precision; default {@link GpuPrecision#BF16}
     */
    public Builder precision(GpuPrecision precision) {
      this.precision = precision;
      return this;
    }

    /**
     * {@return this builder, with whose kernels to predict set}
     *
     * @param engine the engine; default {@link GpuEngine#TUNED}
     */
    public Builder engine(GpuEngine engine) {
      this.engine = engine;
      return this;
    }

    /**
     * {@return this builder, with the prompt length set}
     *
     * @param promptTokens tokens per prompt; default 128
     */
    public Builder promptTokens(int promptTokens) {
      this.promptTokens = promptTokens;
      return this;
    }

    /**
     * {@return this builder, with the output length set}
     *
     * @param outputTokens tokens generated per sequence; default 128
     */
    public Builder outputTokens(int outputTokens) {
      this.outputTokens = outputTokens;
      return this;
    }

    /**
     * {@return this builder, with the batch size set}
     *
     * @param batch sequences decoded together; default 1
     */
    public Builder batch(int batch) {
      this.batch = batch;
      return this;
    }

    /**
     * {@return this builder, with the price of one accelerator-hour set}
     *
     * @param usdPerHour US dollars per accelerator-hour, or NaN (the default) for the hardware's
     *     list price
     */
    public Builder usdPerHour(double usdPerHour) {
      this.usdPerHour = usdPerHour;
      return this;
    }

    /**
     * {@return this builder, with the power of one accelerator set}
     *
     * @param wattsPerUnit watts per accelerator, or NaN (the default) for the datasheet's rated
     *     maximum
     */
    public Builder wattsPerUnit(double wattsPerUnit) {
      this.wattsPerUnit = wattsPerUnit;
      return this;
    }

    /**
     * {@return the request}
     *
     * @throws InvalidRequestException naming the field of the first invalid value
     * @throws NullPointerException if the hardware, precision or engine is null
     */
    public GpuPlanRequest build() {
      return new GpuPlanRequest(model, hardware, gpus, precision, engine, promptTokens,
          outputTokens, batch, usdPerHour, wattsPerUnit);
    }
  }
}
