package io.infer4j.lpu.internal;

import io.infer4j.lpu.LpuPrecision;

/**
 * One LPU chip as the compiler sees it: a view of {@link MachineConstants} in the units the
 * schedule uses (bytes, cycles). Immutable.
 *
 * @param clockHz core clock
 * @param sramBytes SRAM per chip
 * @param usableSramBytes SRAM the compiler may fill with weights and KV cache
 * @param int8MacsPerCycle matrix-unit multiply-accumulates per cycle at INT8
 * @param fp16MacsPerCycle matrix-unit multiply-accumulates per cycle at FP16
 * @param weightInstallBytesPerCycle bytes per cycle the matrix unit can take in as stationary
 *     operands (weights, or keys and values in attention) when each tile serves few vectors
 * @param vectorOpsPerCycle vector ALU operations per cycle
 * @param matrixStepLatency cycles from a dependent matrix step's input to its output
 * @param vectorStepLatency cycles from a dependent vector step's input to its output
 */
public record ChipSpec(
    double clockHz,
    long sramBytes,
    long usableSramBytes,
    long int8MacsPerCycle,
    long fp16MacsPerCycle,
    long weightInstallBytesPerCycle,
    long vectorOpsPerCycle,
    long matrixStepLatency,
    long vectorStepLatency) {

  /** The first-generation Groq TSP, from the published figures. */
  public static final ChipSpec GROQ_TSP =
      new ChipSpec(
          MachineConstants.CLOCK_HZ,
          MachineConstants.SRAM_BYTES_PER_CHIP,
          (long) (MachineConstants.SRAM_BYTES_PER_CHIP
              * (1.0 - MachineConstants.SRAM_RESERVED_FRACTION_ASSUMED)),
          MachineConstants.MXM_INT8_MACS_PER_CYCLE,
          MachineConstants.MXM_FP16_MACS_PER_CYCLE,
          MachineConstants.MXM_WEIGHT_INSTALL_BYTES_PER_CYCLE_FITTED,
          MachineConstants.VXM_OPS_PER_CYCLE,
          MachineConstants.MXM_STEP_LATENCY_CYCLES,
          MachineConstants.VXM_STEP_LATENCY_CYCLES);

  /** Matrix multiply-accumulates per cycle for weights of this precision. */
  public long macsPerCycle(LpuPrecision precision) {
    return precision == LpuPrecision.INT8 ? int8MacsPerCycle : fp16MacsPerCycle;
  }

  /** Seconds taken by {@code cycles} cycles. */
  public double seconds(long cycles) {
    return cycles / clockHz;
  }
}
