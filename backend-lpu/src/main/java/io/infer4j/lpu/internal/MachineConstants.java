package io.infer4j.lpu.internal;

/**
 * Every number the LPU timing model uses, in one place, each with its source. Nothing else in this
 * module holds a hardware figure: {@link ChipSpec} and {@link Topology} are views of these.
 *
 * <p>Sources, abbreviated in the comments:
 *
 * <ul>
 *   <li>[TSP20] Abts et al., "Think Fast: A Tensor Streaming Processor (TSP) for Accelerating Deep
 *       Learning Workloads", ISCA 2020.
 *   <li>[TSP22] Abts et al., "A Software-defined Tensor Streaming Multiprocessor for Large-scale
 *       Machine Learning", ISCA 2022 (doi 10.1145/3470496.3527405).
 *   <li>[BRIEF] Groq LPU / GroqCard product briefs (750 TOPS INT8, 188 TFLOPS FP16, 230 MB SRAM,
 *       80 TB/s on-die memory bandwidth), as quoted by TechPowerUp (2024-02).
 *   <li>[LINLEY] L. Gwennap, "Groq Gets Connected", Linley Newsletter, 2020-11-10 (C2C links: four
 *       30 Gb/s lanes, 28 Gb/s cabled, 14 GB/s per link and direction).
 *   <li>[TECHSPOT] TechSpot on the TSP's launch (2020): about 300 W per chip.
 *   <li>[VAL] ../shared/validation/README.md, which collects the figures above.
 * </ul>
 *
 * <p>Two constants are <b>fitted</b> or <b>assumed</b> rather than published; their names end in
 * {@code _FITTED} or {@code _ASSUMED} and their comments say what they stand for and why.
 */
public final class MachineConstants {

  private MachineConstants() {}

  // ---------------------------------------------------------------- chip (one TSP / LPU)

  /** Core clock, Hz. [TSP22], [VAL]: 900 MHz. */
  public static final double CLOCK_HZ = 900e6;

  /**
   * Power of one chip (one GroqCard), W. [TECHSPOT]: about 300 W; Groq's briefs found give no
   * typical or maximum figure. Host CPUs, network and cooling are not counted.
   */
  public static final double CHIP_POWER_WATTS = 300;

  /** On-chip SRAM per chip, bytes. [TSP22]: 220 MiB (about 230 MB) in 88 slices. */
  public static final long SRAM_BYTES_PER_CHIP = 220L * 1024 * 1024;

  /** MEM slices per chip. [TSP20], [TSP22]: 88, 44 in each hemisphere (2.5 MiB each). */
  public static final int MEM_SLICES = 88;

  /** Vector length in bytes (lanes). [TSP20]: 320-byte vectors, 20 superlanes of 16 lanes. */
  public static final int VECTOR_LANES = 320;

  /**
   * Side of one MXM plane. [TSP20]: each MXM plane is a 320 x 320 array of multiply-accumulate
   * cells; the chip has four planes (two per hemisphere).
   */
  public static final int MXM_ARRAY_SIDE = 320;

  /** MXM planes per chip. [TSP20]: 4 (two MXMs of two planes, one MXM per hemisphere). */
  public static final int MXM_PLANES = 4;

  /**
   * INT8 multiply-accumulates per cycle: 4 planes x 320 x 320 = 409,600, that is 737 TOPS at 900
   * MHz; [BRIEF] rounds it to 750 TOPS INT8.
   */
  public static final long MXM_INT8_MACS_PER_CYCLE =
      (long) MXM_PLANES * MXM_ARRAY_SIDE * MXM_ARRAY_SIDE;

  /**
   * FP16 multiply-accumulates per cycle: a quarter of the INT8 rate, 102,400, that is 184 TFLOPS
   * at 900 MHz; [BRIEF] quotes 188 TFLOPS FP16. The first-generation TSP has no FP8 mode, so FP8
   * weights are multiplied at this rate too.
   */
  public static final long MXM_FP16_MACS_PER_CYCLE = MXM_INT8_MACS_PER_CYCLE / 4;

  /**
   * Vector ALU operations per cycle. [TSP20]: the VXM has 16 ALUs per lane on 320 lanes = 5,120
   * ALUs ([BRIEF] "5,120 vector ALUs").
   */
  public static final int VXM_OPS_PER_CYCLE = 16 * VECTOR_LANES;

  /**
   * Stream registers per direction. [TSP20]: 32 eastward and 32 westward streams, each one
   * 320-byte vector per cycle.
   */
  public static final int STREAMS_PER_DIRECTION = 32;

  /** On-chip stream bandwidth, bytes per cycle: 2 x 32 x 320 B = 20,480 B (18.4 TB/s). [TSP20] */
  public static final long STREAM_BYTES_PER_CYCLE = 2L * STREAMS_PER_DIRECTION * VECTOR_LANES;

  /**
   * Aggregate SRAM bandwidth, bytes per second. [TSP22] quotes 55 TiB/s, [BRIEF] 80 TB/s. Not on
   * the critical path of the schedule (the streams and the MXM weight path are narrower); kept for
   * the report.
   */
  public static final double SRAM_BYTES_PER_SECOND = 80e12;

  /**
   * Latency of one dependent matrix step, cycles: an activation vector travels from the farthest
   * MEM slice of its hemisphere to the MXM (44 slices, one per cycle, [TSP20]: streams advance one
   * slice per cycle) and through the 320-deep systolic array (320 cycles), then the result travels
   * back (44 cycles). Derived from the floorplan, not fitted.
   */
  public static final int MXM_STEP_LATENCY_CYCLES = MEM_SLICES / 2 + MXM_ARRAY_SIDE + MEM_SLICES / 2;

  /**
   * Latency of one dependent vector step (norm, rotary, softmax, SiLU, residual), cycles: a stream
   * crosses the hemisphere to the VXM and back (2 x 44 slices, [TSP20]). Derived, not fitted.
   */
  public static final int VXM_STEP_LATENCY_CYCLES = MEM_SLICES;

  /**
   * FITTED: how many weight bytes per cycle a chip can feed into its MXM planes when each
   * installed weight tile is used by only a few activation vectors (decode at small batch). The
   * TSP's MXM is weight-stationary [TSP20]: a 320 x 320 tile must be installed before vectors
   * flow through it, and at batch 1 every tile serves a single vector, so matrix-vector work is
   * bound by weight installation, not by the 409,600 MACs/cycle nor by the 20,480 B/cycle stream
   * fabric. No public figure gives the install rate, so it is the one constant fitted to timings:
   * to the Llama-2-70B decode rows L1 and L2 (their geometric mean, 276 tok/s, on 576 chips) and
   * rounded to two digits; L3 (Llama-2-7B) and L4 (Mixtral) were not used and test it. The value,
   * 3,500 B/cycle (3.15 TB/s; 17% of the 20,480 B/cycle stream fabric, about 11 vectors of 320 B
   * per cycle over the four planes), is plausible for installing tiles through a subset of the
   * streams while others carry activations and results. At large batch or in prefill the MXM
   * becomes compute-bound instead and this constant stops mattering.
   */
  public static final long MXM_WEIGHT_INSTALL_BYTES_PER_CYCLE_FITTED = 3_500;

  /**
   * ASSUMED: share of each chip's SRAM the compiler keeps for activations, partial sums,
   * collective staging buffers and the instruction stream, so weights and KV cache may fill the
   * rest. 10% is an engineering assumption (no public figure); it only moves the fit/no-fit
   * boundary, not the timing of a fitting plan.
   */
  public static final double SRAM_RESERVED_FRACTION_ASSUMED = 0.10;

  // ---------------------------------------------------------------- chip-to-chip and system

  /** Chip-to-chip links per chip. [TSP22], [LINLEY]: 16. */
  public static final int C2C_LINKS_PER_CHIP = 16;

  /**
   * Bandwidth of one C2C link in one direction, bytes per second. [LINLEY], [VAL]: four lanes of
   * 30 Gb/s (28 Gb/s cabled) give about 14 GB/s per link and direction.
   */
  public static final double C2C_LINK_BYTES_PER_SECOND = 14e9;

  /** Chips per node. [TSP22], [VAL]: 8 TSPs per GroqNode, fully connected. */
  public static final int CHIPS_PER_NODE = 8;

  /** Chips per rack. [TSP22], [VAL]: 72 TSPs per rack (9 nodes). */
  public static final int CHIPS_PER_RACK = 72;

  /** Largest system. [TSP22], [VAL]: up to 10,440 TSPs in a software-defined Dragonfly. */
  public static final int MAX_SYSTEM_CHIPS = 10_440;

  /** End-to-end latency across the largest system, seconds. [TSP22]: "less than 3 microseconds". */
  public static final double MAX_SYSTEM_LATENCY_SECONDS = 3e-6;

  /**
   * Hops on the longest minimal route of that Dragonfly: source node, source rack, global link,
   * destination rack, destination node (local-global-local at two levels). Our reading of the
   * [TSP22] topology, used only to turn the end-to-end bound into a per-hop latency.
   */
  public static final int MAX_SYSTEM_HOPS = 5;

  /**
   * Latency of one C2C hop, seconds: the [TSP22] end-to-end bound divided by the route's hops,
   * 3 us / 5 = 600 ns (an upper bound, since the paper says "less than").
   */
  public static final double C2C_HOP_LATENCY_SECONDS = MAX_SYSTEM_LATENCY_SECONDS / MAX_SYSTEM_HOPS;

  // ---------------------------------------------------------------- numerics of the schedule

  /** Bytes per activation and KV-cache element: FP16, as TruePoint keeps activations [BRIEF]. */
  public static final int ACTIVATION_BYTES = 2;
}
