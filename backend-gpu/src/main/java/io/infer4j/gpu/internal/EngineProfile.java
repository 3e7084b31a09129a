package io.infer4j.gpu.internal;

import io.infer4j.InvalidRequestException;
import io.infer4j.gpu.GpuEngine;
import io.infer4j.gpu.GpuPlanRequest;
import io.infer4j.gpu.GpuPrecision;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The efficiencies of one engine on the roofline: how close its kernels come to the datasheet
 * peaks, what a kernel launch costs and how many it makes, and what it can run. {@link #TUNED} is
 * built from {@link TimingConstants}; infer4j's CUDA path from a measured resource file ({@link
 * Infer4jCudaEfficiency}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param engine which engine this is
 * @param measuredOn the device and date the efficiencies were measured on; empty for cited ones
 * @param weightMatmulEfficiency per weight precision the engine has kernels for: the fraction of
 *     the datasheet HBM bandwidth at which a decode matrix-vector kernel moves its bytes (weights,
 *     input and output)
 * @param otherMemoryEfficiency the same fraction for every other kernel (norms, RoPE, attention
 *     over the KV cache, element-wise ops)
 * @param decodeComputeEfficiency fraction of the tensor-core peak that decode kernels reach
 * @param prefillComputeEfficiency fraction of the tensor-core peak (the precision's matmul rate,
 *     or the 16-bit rate with {@code prefillMatmulsAt16Bit}; BF16 for attention) that prefill
 *     kernels reach
 * @param prefillMatmulsAt16Bit whether prefill multiplies every weight type on the 16-bit
 *     (BF16/FP16) tensor cores, quantized weights dequantized first, rather than at the rate of
 *     the weight precision (INT8 for Q8_0 and Q4_0, FP8 where the GPU has it)
 * @param launchSeconds what each kernel launch costs on the GPU timeline, seconds
 * @param launchesPerLayer kernel launches per layer of one pass; 0 means one per kernel that
 *     {@link StepBuilder} lists (the fused kernels of a tuned engine)
 * @param launchesPerPass kernel launches of one pass outside the layers (embedding, final norm,
 *     classifier, sampling); only with {@code launchesPerLayer > 0}
 * @param prefillPassTokens prompt tokens one prefill pass takes; a longer prompt takes several
 *     passes, each paying its launches
 * @param activationBytes bytes per activation and per KV-cache element
 * @param batchedDecode whether one decode step serves every sequence of a batch (a tuned engine);
 *     otherwise the sequences take turns, each reading all weights
 * @param maxGpus the most GPUs the engine splits a model over (tensor parallelism)
 */
public record EngineProfile(
    GpuEngine engine,
    String measuredOn,
    Map<GpuPrecision, Double> weightMatmulEfficiency,
    double otherMemoryEfficiency,
    double decodeComputeEfficiency,
    double prefillComputeEfficiency,
    boolean prefillMatmulsAt16Bit,
    double launchSeconds,
    int launchesPerLayer,
    int launchesPerPass,
    int prefillPassTokens,
    int activationBytes,
    boolean batchedDecode,
    int maxGpus) {

  /** A tuned engine: every constant from {@link TimingConstants}, every precision, up to 8 GPUs. */
  public static final EngineProfile TUNED = tuned();

  public EngineProfile {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(measuredOn, "measuredOn");
    weightMatmulEfficiency = Map.copyOf(weightMatmulEfficiency);
    if (weightMatmulEfficiency.isEmpty()) {
      throw new IllegalArgumentException(engine.id() + ": no weight precision has an efficiency");
    }
    weightMatmulEfficiency.forEach((p, e) -> fraction(p.id(), e));
    fraction("otherMemoryEfficiency", otherMemoryEfficiency);
    fraction("decodeComputeEfficiency", decodeComputeEfficiency);
    fraction("prefillComputeEfficiency", prefillComputeEfficiency);
    if (!(launchSeconds >= 0) || !Double.isFinite(launchSeconds)) {
      throw new IllegalArgumentException("launchSeconds must be finite and >= 0: " + launchSeconds);
    }
    if (launchesPerLayer < 0 || launchesPerPass < 0 || prefillPassTokens < 1 || activationBytes < 1
        || maxGpus < 1) {
      throw new IllegalArgumentException(engine.id() + ": launch counts, pass size, activation bytes"
          + " or GPU count out of range");
    }
  }

  /** The profile of {@code engine}. */
  public static EngineProfile of(GpuEngine engine) {
    return switch (engine) {
      case TUNED -> TUNED;
      case INFER4J -> Infer4jCudaEfficiency.PROFILE;
    };
  }

  /**
   * Checks that this engine can run {@code request} at all.
   *
   * @throws InvalidRequestException naming {@code precision} (no kernels for it) or {@code gpus}
   *     (more than the engine splits a model over)
   */
  public void check(GpuPlanRequest request) {
    if (engine == GpuEngine.INFER4J && !request.hardware().isNvidia()) {
      throw new InvalidRequestException("engine", "infer4j's CUDA path runs on NVIDIA GPUs, not "
          + request.hardware().id() + "; use the tuned engine");
    }
    if (!weightMatmulEfficiency.containsKey(request.precision())) {
      throw new InvalidRequestException("precision", "the " + engine.id() + " engine has no "
          + request.precision().id() + " kernels; it runs " + offered());
    }
    if (request.gpus() > maxGpus) {
      throw new InvalidRequestException("gpus", "the " + engine.id() + " engine runs on at most "
          + maxGpus + " GPU" + (maxGpus == 1 ? "" : "s") + " (no tensor parallelism beyond that): "
          + request.gpus());
    }
  }

  /** Fraction of the datasheet bandwidth for a kernel: weight matmuls by precision, others alike. */
  double memoryEfficiency(MathKind math, GpuPrecision precision) {
    if (math != MathKind.WEIGHT_MATMUL) {
      return otherMemoryEfficiency;
    }
    Double e = weightMatmulEfficiency.get(precision);
    if (e == null) {
      throw new IllegalStateException(engine.id() + " has no " + precision.id() + " kernels");
    }
    return e;
  }

  /** Fraction of the tensor-core peak in {@code phase}. */
  double computeEfficiency(Phase phase) {
    return phase == Phase.PREFILL ? prefillComputeEfficiency : decodeComputeEfficiency;
  }

  /** Kernel launches of {@code passes} passes over {@code ops} of a model with {@code layers} layers. */
  long launches(List<StepOp> ops, int layers, long passes) {
    long perPass = launchesPerLayer == 0
        ? ops.stream().filter(op -> op instanceof Kernel).count()
        : (long) launchesPerLayer * layers + launchesPerPass;
    return perPass * passes;
  }

  /** Passes a prefill of {@code tokens} tokens per sequence takes. */
  long prefillPasses(long tokens) {
    return (tokens + prefillPassTokens - 1) / prefillPassTokens;
  }

  private String offered() {
    return weightMatmulEfficiency.keySet().stream().sorted().map(GpuPrecision::id)
        .collect(Collectors.joining(", "));
  }

  private static void fraction(String name, double value) {
    if (!(value > 0) || value > 1) {
      throw new IllegalArgumentException(name + " must be a fraction in (0, 1]: " + value);
    }
  }

  private static EngineProfile tuned() {
    Map<GpuPrecision, Double> all = new EnumMap<>(GpuPrecision.class);
    for (GpuPrecision p : GpuPrecision.values()) {
      all.put(p, TimingConstants.MEMORY_EFFICIENCY);
    }
    return new EngineProfile(GpuEngine.TUNED, "", all, TimingConstants.MEMORY_EFFICIENCY,
        TimingConstants.COMPUTE_EFFICIENCY, TimingConstants.COMPUTE_EFFICIENCY, false,
        TimingConstants.KERNEL_OVERHEAD_SECONDS, 0, 0, Integer.MAX_VALUE,
        TimingConstants.ACTIVATION_BYTES, true, GpuPlanRequest.MAX_TPU_CHIPS);
  }
}
