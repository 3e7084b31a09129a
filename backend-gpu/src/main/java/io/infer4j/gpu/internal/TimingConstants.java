package io.infer4j.gpu.internal;

/**
 * The few constants of the GPU timing model that are not datasheet figures: how close a tuned
 * engine's kernels and collectives come to the peaks, and what each launch costs ({@link
 * EngineProfile#TUNED}; infer4j's own CUDA path has measured figures instead, see {@link
 * Infer4jCudaEfficiency}). Each is cited or measured, none is tuned to a validation row; they apply
 * unchanged to every GPU, model and precision.
 */
public final class TimingConstants {

  private TimingConstants() {}

  /**
   * Fraction of peak HBM bandwidth that a well-tuned streaming kernel (a GEMV over a large weight
   * matrix, the attention read of a KV cache) sustains: 0.80. Coalesced weight-streaming kernels
   * measured with Nsight Compute on H100 reach 78-84% of the 3.35 TB/s (mikamirai.com, "GPU Memory
   * Bandwidth: What Your Profiler Isn't Telling You", 2026); gpt-fast's README observes "peak
   * bandwidth is about 1700 GB/s" (83% of 2,039) on its 330 W-capped A100; 80% is also the target
   * the GPU issue sets for our own matrix-vector kernels. A power cap lowers SM clocks, not the HBM
   * clock, so it is not modelled for memory-bound steps. The 50-70% seen end to end (validation README; gpt-fast:
   * 1,397 GB/s = 68.5% on A100) is not this constant: it emerges from it once launch overhead and
   * collectives are added.
   */
  public static final double MEMORY_EFFICIENCY = 0.80;

  /**
   * Fraction of the dense tensor-core peak that large GEMMs (prefill) reach: 0.70. Maximum
   * achievable matmul FLOPS measured over a brute-force search of shapes (stas00/ml-engineering,
   * compute/accelerator README, MAMF table): A100 86.9%, H100 80.3% BF16, B200 77.6% BF16, H100
   * 70.9% FP8, B200 76.3% FP8. Those are best shapes; a model's own shapes fall below them, so the
   * low end of the range is used.
   */
  public static final double COMPUTE_EFFICIENCY = 0.70;

  /**
   * Time each kernel costs on the GPU timeline beyond its roofline time: 3 microseconds. It covers
   * the gap between consecutive graph-launched kernels and the ramp-up and tail of a kernel that
   * must fill 100+ SMs before it streams at full rate and drain its last wave. NVIDIA's "Getting
   * Started with CUDA Graphs" (2019) shows a minimal kernel costing about 3.4 us per launch inside a
   * graph (2.9 us of it execution). Engines without CUDA graphs pay more (4-6 us of CPU launch
   * latency per kernel is typical), so this is the optimistic, graph-captured case.
   */
  public static final double KERNEL_OVERHEAD_SECONDS = 3.0e-6;

  /**
   * Fixed latency of one NCCL ring all-reduce with the low-latency (LL) protocol: 6.6 us. NCCL's own
   * cost model, src/graph/tuning.cc, {@code baseLat[Ring][LL]}.
   */
  public static final double COLLECTIVE_BASE_LATENCY_SECONDS = 6.6e-6;

  /**
   * Latency of one ring step over NVLink: 0.6 us (NCCL tuning.cc, {@code hwLat[NVLINK][Ring][LL]});
   * an all-reduce over N GPUs takes 2(N-1) steps, so 7.8 us over 2 GPUs, 15.0 us over 8. The 2-GPU
   * figure agrees with a measured ~6 us on H100 NVLink with CUDA graphs (NVIDIA/nccl issue #1259).
   */
  public static final double NVLINK_STEP_LATENCY_SECONDS = 0.6e-6;

  /** Latency of one ring step over PCIe: 1.0 us (NCCL tuning.cc, {@code hwLat[PCI][Ring][LL]}). */
  public static final double PCIE_STEP_LATENCY_SECONDS = 1.0e-6;

  /**
   * Fraction of the per-direction link bandwidth a large collective achieves: 0.82. NCCL reaches
   * about 370 GB/s of the H100's 450 GB/s per direction, the rest being protocol overhead (NCCL
   * maintainer, NVIDIA/nccl-tests issue #212).
   */
  public static final double LINK_EFFICIENCY = 370.0 / 450.0;

  /**
   * Device memory per GPU that weights and KV cache cannot use: 1 GiB for the CUDA context, cuBLAS
   * and collective workspaces and allocator slack (typical CUDA context size is several hundred
   * MiB; the rest is a margin, not a measurement).
   */
  public static final long RUNTIME_RESERVE_BYTES = 1L << 30;

  /** Bytes per activation and per KV-cache element: 16-bit (BF16/FP16) in every precision. */
  public static final int ACTIVATION_BYTES = 2;
}
