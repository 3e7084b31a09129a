package io.infer4j.gpu.internal;

import io.infer4j.gpu.GpuSpec;
import io.infer4j.gpu.GpuSpec.Link;

/**
 * Every hardware figure the GPU timing model uses, in one place, each with its published source.
 *
 * <p>Rates are dense (NVIDIA datasheets quote sparse figures first, twice these). Memory capacities
 * are binary (DRAM stacks come in GiB; NVIDIA prints them as "GB"). Power is the rated maximum of
 * one GPU or board (NVIDIA "max TDP", AMD "TBP"); Google publishes none for its TPUs (NaN).
 */
public final class GpuDatasheets {

  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;
  private static final double TERA = 1e12;
  private static final double GB_PER_S = 1e9;

  private GpuDatasheets() {}

  /**
   * H100 SXM5 80GB. NVIDIA H100 Tensor Core GPU datasheet: HBM3 80 GB at 3.35 TB/s; BF16 1,979
   * TFLOPS and FP8/INT8 3,958 with sparsity (989.4 / 1,978.9 dense); NVLink 900 GB/s; max TDP up to
   * 700 W (configurable); NVIDIA Hopper architecture whitepaper: 132 SMs, 50 MB L2.
   */
  public static final GpuSpec H100_SXM =
      new GpuSpec(
          "H100 SXM 80GB", 80 * GIB, 3.35 * TERA, 989.4 * TERA, 1978.9 * TERA, 1978.9 * TERA,
          132, 50 * MIB, Link.NVLINK, 900 * GB_PER_S, 700);

  /**
   * H200 SXM 141GB. NVIDIA H200 Tensor Core GPU datasheet: HBM3e 141 GB at 4.8 TB/s; the same
   * GH100 compute as the H100 SXM (989 / 1,979 TFLOPS dense BF16 / FP8), 132 SMs, 50 MB L2; NVLink
   * 900 GB/s; max TDP up to 700 W.
   */
  public static final GpuSpec H200 =
      new GpuSpec(
          "H200 SXM 141GB", 141 * GIB, 4.8 * TERA, 989.4 * TERA, 1978.9 * TERA, 1978.9 * TERA,
          132, 50 * MIB, Link.NVLINK, 900 * GB_PER_S, 700);

  /**
   * A100 80GB SXM. NVIDIA A100 Tensor Core GPU datasheet: HBM2e 80 GB at 2,039 GB/s; BF16 312
   * TFLOPS, INT8 624 TOPS (dense); no FP8 tensor cores; NVLink 600 GB/s; max TDP 400 W; NVIDIA
   * Ampere architecture whitepaper: 108 SMs, 40 MB L2.
   */
  public static final GpuSpec A100_SXM =
      new GpuSpec(
          "A100 SXM 80GB", 80 * GIB, 2.039 * TERA, 312 * TERA, 0, 624 * TERA,
          108, 40 * MIB, Link.NVLINK, 600 * GB_PER_S, 400);

  /**
   * L4. NVIDIA L4 Tensor Core GPU datasheet: 24 GB GDDR6 at 300 GB/s; BF16 242 TFLOPS and FP8/INT8
   * 485 with sparsity (121 / 242.5 dense); PCIe Gen4 x16 64 GB/s, no NVLink; max TDP 72 W; NVIDIA
   * Ada Lovelace architecture whitepaper (AD104 as shipped in L4): 58 SMs, 48 MB L2.
   */
  public static final GpuSpec L4 =
      new GpuSpec(
          "L4 24GB", 24 * GIB, 0.300 * TERA, 121 * TERA, 242.5 * TERA, 242.5 * TERA,
          58, 48 * MIB, Link.PCIE, 64 * GB_PER_S, 72);

  /**
   * B200 (HGX B200, per GPU = system / 8). NVIDIA HGX B200 datasheet: 1.44 TB HBM3e and 62 TB/s per
   * 8 GPUs (180 GB, 7.7 TB/s each); FP16/BF16 36 PFLOPS and FP8/INT8 72 PFLOPS with sparsity per 8
   * GPUs (2,250 / 4,500 TFLOPS dense each); NVLink 5 1.8 TB/s per GPU; 1,000 W per GPU in the HGX
   * B200 configuration (NVIDIA Blackwell datasheet, as quoted by glennklockwood.com's B200 page).
   * The driver reports 148 SMs and 126.5 MB L2 (device query quoted in pytorch/ao PR #4002, which
   * also derives 7.67 TB/s from the 7,680-bit bus at 3,996 MHz).
   */
  public static final GpuSpec B200 =
      new GpuSpec(
          "B200 180GB", 180 * GIB, 7.7 * TERA, 2250 * TERA, 4500 * TERA, 4500 * TERA,
          148, 126 * MIB + 512 * 1024, Link.NVLINK, 1800 * GB_PER_S, 1000);

  /**
   * AMD Instinct MI300X. ROCm documentation (GPU architecture specifications; MI300
   * microarchitecture page): 192 GiB HBM3 at 5.3 TB/s aggregated peak; dense matrix BF16/FP16
   * 1,307.4 TFLOPS, FP8 2,614.9, INT8 2,614.9 TOPS; 304 compute units, 256 MiB Infinity Cache; 7
   * Infinity Fabric links per GPU, fully connecting an 8-GPU node, 128 GB/s each both directions
   * (896 GB/s per GPU). 750 W: AMD's performance-results pages and MLPerf Inference v4.1 system
   * descriptions ("MI300X 192GB HBM3 750W").
   */
  public static final GpuSpec MI300X =
      new GpuSpec(
          "Instinct MI300X 192GB", 192 * GIB, 5.3 * TERA, 1307.4 * TERA, 2614.9 * TERA,
          2614.9 * TERA, 304, 256 * MIB, Link.INFINITY_FABRIC, 896 * GB_PER_S, 750);

  /**
   * AMD Instinct MI325X. ROCm documentation (GPU architecture specifications): 256 GiB HBM3E, 304
   * compute units, 256 MiB Infinity Cache; AMD's MI325X launch (October 2024): 6.0 TB/s, the
   * MI300X's compute (1.3 PFLOPS FP16, 2.6 FP8 dense), board power raised from 750 W to 1,000 W;
   * the same Infinity Fabric as the MI300X.
   */
  public static final GpuSpec MI325X =
      new GpuSpec(
          "Instinct MI325X 256GB", 256 * GIB, 6.0 * TERA, 1307.4 * TERA, 2614.9 * TERA,
          2614.9 * TERA, 304, 256 * MIB, Link.INFINITY_FABRIC, 896 * GB_PER_S, 1000);

  /**
   * Google Cloud TPU v5e, one chip. Cloud TPU documentation (TPU v5e system architecture): 16 GB
   * HBM2 at 819 GB/s, 197 TFLOPS BF16, 393 TOPS INT8 (no FP8 listed), one TensorCore (4 MXUs), ICI
   * 400 GB/s per chip in a 2D torus of up to 256 chips. Google publishes no power figure.
   */
  public static final GpuSpec TPU_V5E =
      new GpuSpec(
          "TPU v5e", 16 * GIB, 0.819 * TERA, 197 * TERA, 0, 393 * TERA,
          1, 0, Link.ICI, 400 * GB_PER_S, Double.NaN);

  /**
   * Google Cloud TPU v6e (Trillium), one chip. Cloud TPU documentation (TPU v6e): 32 GB HBM at
   * 1,638 GB/s, 918 TFLOPS BF16, 1,836 TOPS INT8 (no FP8 listed), one TensorCore (2 MXUs of
   * 256x256), ICI 800 GB/s per chip, 2D torus of up to 256 chips. Google publishes no power figure
   * (only "over 67% more energy-efficient than v5e", Trillium announcement, May 2024).
   */
  public static final GpuSpec TPU_V6E =
      new GpuSpec(
          "TPU v6e", 32 * GIB, 1.638 * TERA, 918 * TERA, 0, 1836 * TERA,
          1, 0, Link.ICI, 800 * GB_PER_S, Double.NaN);
}
