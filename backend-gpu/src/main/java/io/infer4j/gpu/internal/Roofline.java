package io.infer4j.gpu.internal;

import io.infer4j.gpu.GpuPrecision;
import io.infer4j.gpu.GpuSpec;
import java.util.List;
import java.util.Objects;

/**
 * Times kernels and collectives on one GPU model: per kernel {@code max(bytes / (bandwidth x memory
 * efficiency), flops / (peak x compute efficiency)) + launch overhead}; per collective a latency of
 * {@code base + steps x step latency} plus its link traffic at the link's effective bandwidth.
 * Stateless and thread-safe.
 */
public final class Roofline {

  private final GpuSpec gpu;
  private final GpuPrecision precision;

  public Roofline(GpuSpec gpu, GpuPrecision precision) {
    this.gpu = Objects.requireNonNull(gpu, "gpu");
    this.precision = Objects.requireNonNull(precision, "precision");
  }

  /** Seconds one step's operations take, run one after another (batch-1 decode has no overlap). */
  public StepTiming time(List<StepOp> ops) {
    double memory = 0;
    double compute = 0;
    double overhead = 0;
    double collectives = 0;
    for (StepOp op : ops) {
      switch (op) {
        case Kernel k -> {
          double m = memorySeconds(k);
          double c = computeSeconds(k);
          if (m >= c) {
            memory += m;
          } else {
            compute += c;
          }
          overhead += TimingConstants.KERNEL_OVERHEAD_SECONDS;
        }
        case Collective c -> collectives += collectiveSeconds(c);
      }
    }
    return new StepTiming(memory, compute, overhead, collectives);
  }

  /** Seconds to move a kernel's bytes at the sustained HBM bandwidth. */
  double memorySeconds(Kernel k) {
    return k.bytes() / (gpu.hbmBandwidth() * TimingConstants.MEMORY_EFFICIENCY);
  }

  /** Seconds for a kernel's arithmetic at the sustained tensor-core rate. */
  double computeSeconds(Kernel k) {
    double peak =
        switch (k.math()) {
          case ELEMENTWISE -> Double.POSITIVE_INFINITY;
          case ATTENTION -> gpu.bf16Flops();
          case WEIGHT_MATMUL -> matmulPeak();
        };
    return k.flops() / (peak * TimingConstants.COMPUTE_EFFICIENCY);
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
    double stepLatency =
        gpu.link() == GpuSpec.Link.NVLINK
            ? TimingConstants.NVLINK_STEP_LATENCY_SECONDS
            : TimingConstants.PCIE_STEP_LATENCY_SECONDS;
    double latency = TimingConstants.COLLECTIVE_BASE_LATENCY_SECONDS + c.ringSteps() * stepLatency;
    double bandwidth = gpu.linkBandwidthPerDirection() * TimingConstants.LINK_EFFICIENCY;
    return latency + c.bytesOnLink() / bandwidth;
  }
}
