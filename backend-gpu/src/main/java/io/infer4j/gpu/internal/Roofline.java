package io.infer4j.gpu.internal;

import io.infer4j.gpu.GpuPrecision;
import io.infer4j.gpu.GpuSpec;
import java.util.List;
import java.util.Objects;

/**
 * Times kernels and collectives on one GPU model for one engine: per kernel {@code max(bytes /
 * (bandwidth x memory efficiency), flops / (peak x compute efficiency))}, plus the engine's cost
 * per kernel launch times its launches; per collective a latency of {@code base + steps x step
 * latency} plus its link traffic at the link's effective bandwidth. The efficiencies are the
 * engine's ({@link EngineProfile}). Stateless and thread-safe.
 */
public final class Roofline {

  private final GpuSpec gpu;
  private final GpuPrecision precision;
  private final EngineProfile engine;

  /** The tuned engine ({@link EngineProfile#TUNED}). */
  public Roofline(GpuSpec gpu, GpuPrecision precision) {
    this(gpu, precision, EngineProfile.TUNED);
  }

  public Roofline(GpuSpec gpu, GpuPrecision precision, EngineProfile engine) {
    this.gpu = Objects.requireNonNull(gpu, "gpu");
    this.precision = Objects.requireNonNull(precision, "precision");
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /** {@link #time(List, Phase, long)} of a decode step with one launch per listed kernel. */
  public StepTiming time(List<StepOp> ops) {
    return time(ops, Phase.DECODE, ops.stream().filter(op -> op instanceof Kernel).count());
  }

  /**
   * Seconds one step's operations take, run one after another (batch-1 decode has no overlap),
   * with {@code launches} kernel launches at the engine's cost each.
   */
  public StepTiming time(List<StepOp> ops, Phase phase, long launches) {
    double memory = 0;
    double compute = 0;
    double collectives = 0;
    for (StepOp op : ops) {
      switch (op) {
        case Kernel k -> {
          double m = memorySeconds(k);
          double c = computeSeconds(k, phase);
          if (m >= c) {
            memory += m;
          } else {
            compute += c;
          }
        }
        case Collective c -> collectives += collectiveSeconds(c);
      }
    }
    return new StepTiming(memory, compute, launches * engine.launchSeconds(), collectives);
  }

  /** Seconds to move a kernel's bytes at the engine's sustained share of the HBM bandwidth. */
  double memorySeconds(Kernel k) {
    return k.bytes() / (gpu.hbmBandwidth() * engine.memoryEfficiency(k.math(), precision));
  }

  /**
   * Seconds for a kernel's arithmetic at the engine's sustained tensor-core rate in {@code phase}:
   * weight matmuls at {@link #matmulPeak()}, or in prefill at the BF16 rate for an engine that
   * multiplies every weight type in 16 bits there ({@link EngineProfile#prefillMatmulsAt16Bit()}).
   */
  double computeSeconds(Kernel k, Phase phase) {
    double peak =
        switch (k.math()) {
          case ELEMENTWISE -> Double.POSITIVE_INFINITY;
          case ATTENTION -> gpu.bf16Flops();
          case WEIGHT_MATMUL ->
              phase == Phase.PREFILL && engine.prefillMatmulsAt16Bit() ? gpu.bf16Flops() : matmulPeak();
        };
    return k.flops() / (peak * engine.computeEfficiency(phase));
  }

  /**
   * The tensor-core rate for matmuls against weights of this precision: 16-bit formats use the BF16
   * rate; FP8 the FP8 rate where the GPU has one (else weights are upcast to BF16); INT8 and the
   * block-quantized GGUF formats the INT8 rate (their kernels multiply int8 values and apply the
   * block scales afterwards).
   */
  double matmulPeak() {
    return switch (precision) {
      case BF16, FP16 -> gpu.bf16Flops();
      case FP8 -> gpu.fp8Flops() > 0 ? gpu.fp8Flops() : gpu.bf16Flops();
      case INT8, Q8_0, Q4_0 -> gpu.int8Ops();
    };
  }

  /** Seconds for one collective: fixed ring latency plus link traffic. */
  double collectiveSeconds(Collective c) {
    // Direct chip-to-chip links (Infinity Fabric, ICI) are given NVLink's step latency: neither
    // vendor publishes one, and both are point-to-point links without a PCIe switch in the path.
    double stepLatency =
        gpu.link() == GpuSpec.Link.PCIE
            ? TimingConstants.PCIE_STEP_LATENCY_SECONDS
            : TimingConstants.NVLINK_STEP_LATENCY_SECONDS;
    double latency = TimingConstants.COLLECTIVE_BASE_LATENCY_SECONDS + c.ringSteps() * stepLatency;
    double bandwidth = usableLinkBandwidth(c.gpus()) * TimingConstants.LINK_EFFICIENCY;
    return latency + c.bytesOnLink() / bandwidth;
  }

  /**
   * Bytes per second one chip can use per direction in a collective among {@code n} chips. Through
   * a switch (NVLink's NVSwitch, PCIe) all of it. In AMD's full mesh each GPU has one link to each
   * of its 7 peers, so {@code n} GPUs use {@code n - 1} of the 7 (the datasheet's aggregate is over
   * all 7). A TPU's ICI has 4 ports in a 2D torus: a collective uses 2 of them along one axis
   * (slices of up to 4 chips) and all 4 across two axes.
   */
  double usableLinkBandwidth(int n) {
    double all = gpu.linkBandwidthPerDirection();
    return switch (gpu.link()) {
      case NVLINK, PCIE -> all;
      case INFINITY_FABRIC -> all * Math.min(n - 1, 7) / 7.0;
      case ICI -> all * (n <= 4 ? 2 : 4) / 4.0;
    };
  }
}
