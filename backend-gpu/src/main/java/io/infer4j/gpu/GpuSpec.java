package io.infer4j.gpu;

import java.util.Objects;

/**
 * Published figures of one accelerator with device memory (an NVIDIA or AMD GPU, or a Google TPU
 * chip, which the same roofline model plans), as its datasheet states them (dense, no sparsity).
 *
 * <p>Immutable and thread-safe. Units are SI: bytes, bytes per second, operations per second. A
 * throughput of 0 means the GPU has no tensor-core path for that format (the A100 has no FP8); the
 * timing model then falls back to the BF16 rate, as weight-only kernels do.
 *
 * @param name marketing name, e.g. {@code H100 SXM 80GB}
 * @param hbmBytes device memory capacity in bytes
 * @param hbmBandwidth peak device-memory bandwidth in bytes per second
 * @param bf16Flops dense BF16/FP16 tensor-core rate, FLOP/s
 * @param fp8Flops dense FP8 tensor-core rate, FLOP/s (0: not supported)
 * @param int8Ops dense INT8 tensor-core rate, OP/s
 * @param smCount streaming multiprocessors (AMD: compute units; TPU: TensorCores)
 * @param l2Bytes last-level on-chip cache in bytes (AMD: Infinity Cache), 0 where none is published
 * @param link the chip-to-chip interconnect
 * @param linkBandwidth aggregate chip-to-chip bandwidth per chip, both directions together, in bytes
 *     per second (the datasheet's NVLink, Infinity Fabric or ICI figure; for PCIe the x16 slot's)
 * @param maxPowerWatts rated maximum power of one chip or board (TDP, TBP), W; NaN where the vendor
 *     publishes none
 */
public record GpuSpec(
    String name,
    long hbmBytes,
    double hbmBandwidth,
    double bf16Flops,
    double fp8Flops,
    double int8Ops,
    int smCount,
    long l2Bytes,
    Link link,
    double linkBandwidth,
    double maxPowerWatts) {

  /** How GPUs of one system exchange data for tensor parallelism. */
  public enum Link {
    /** NVLink through NVSwitch: all GPUs of a node one hop apart. */
    NVLINK,
    /** PCIe peer-to-peer (cards without NVLink, such as the L4). */
    PCIE,
    /** AMD Infinity Fabric: every GPU of an 8-GPU node linked directly to the 7 others. */
    INFINITY_FABRIC,
    /** Google's inter-chip interconnect: TPU chips in a 2D torus. */
    ICI
  }

  /**
   * Checks the figures.
   *
   * @throws NullPointerException if {@code name} or {@code link} is null
   * @throws IllegalArgumentException if a capacity, bandwidth, rate or count is out of range, or
   *     {@code maxPowerWatts} is neither positive nor NaN
   */
  public GpuSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(link, "link");
    if (hbmBytes <= 0 || !(hbmBandwidth > 0) || !(bf16Flops > 0) || !(int8Ops > 0)) {
      throw new IllegalArgumentException(name + ": capacity, bandwidth and BF16/INT8 rates must be positive");
    }
    if (!(fp8Flops >= 0) || smCount <= 0 || l2Bytes < 0 || !(linkBandwidth > 0)) {
      throw new IllegalArgumentException(name + ": FP8 rate, SMs, L2 and link bandwidth out of range");
    }
    if (!Double.isNaN(maxPowerWatts) && !(maxPowerWatts > 0)) {
      throw new IllegalArgumentException(name + ": power must be positive, or NaN when unpublished");
    }
  }

  /** {@return the link's bandwidth in one direction, bytes per second (half the aggregate)} */
  public double linkBandwidthPerDirection() {
    return linkBandwidth / 2.0;
  }
}
