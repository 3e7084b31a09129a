package io.infer4j.gpu;

import io.infer4j.InvalidRequestException;
import io.infer4j.gpu.internal.Infer4jCudaEfficiency;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which inference engine the GPU timing model predicts: the same roofline (bytes over bandwidth,
 * flops over peak, a cost per kernel launch, collectives over the GPU link) with the efficiencies
 * of one engine. Every {@link GpuPlan} says which one its figures are for.
 */
public enum GpuEngine {
  /**
   * A well-tuned engine on that GPU (TensorRT-LLM, vLLM, gpt-fast class): kernels at cited
   * fractions of the datasheet peaks, CUDA-graph launch cost, batched decode, tensor parallelism.
   * The default for what-if planning; validated against published measurements (module README).
   */
  TUNED("tuned"),
  /**
   * infer4j's own CUDA path on that GPU: the same roofline with the efficiencies measured on a real
   * device (decode matrix-vector bandwidth per weight type, the cost of each kernel launch, the
   * prefill throughput), read from one resource file. It runs one GPU (no tensor parallelism),
   * decodes one sequence per forward pass (concurrent sequences take turns) and has kernels for
   * {@code bf16}, {@code fp16}, {@code q8_0} and {@code q4_0} weights; a request outside that fails
   * with an {@link InvalidRequestException} naming the field.
   */
  INFER4J("infer4j");

  private static final String FIELD = "engine";

  private final String id;

  GpuEngine(String id) {
    this.id = id;
  }

  /** {@return the lower-case id used by {@code plan --engine} and in JSON: {@code tuned} or {@code infer4j}} */
  public String id() {
    return id;
  }

  /**
   * {@return where this engine's efficiencies come from, in one line: cited figures of tuned engines, or
   * the device and date infer4j's were measured on}
   */
  public String basis() {
    return switch (this) {
      case TUNED -> "a well-tuned engine on this hardware (cited efficiencies, validated against"
          + " published figures)";
      case INFER4J -> "infer4j's CUDA path on this GPU (efficiencies measured on "
          + Infer4jCudaEfficiency.PROFILE.measuredOn() + ")";
    };
  }

  /**
   * {@return the engine with this id (case-insensitive, surrounding blanks ignored)}
   *
   * @param id {@code tuned} or {@code infer4j}; null is rejected like an unknown id
   * @throws InvalidRequestException naming {@code engine}, the value and the accepted ids
   */
  public static GpuEngine fromId(String id) {
    for (GpuEngine engine : values()) {
      if (engine.id.equals(id == null ? null : id.strip().toLowerCase(Locale.ROOT))) {
        return engine;
      }
    }
    throw new InvalidRequestException(
        FIELD,
        "unknown engine '" + id + "'; accepted: "
            + Arrays.stream(values()).map(GpuEngine::id).collect(Collectors.joining(", ")));
  }
}
