package io.infer4j.lpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MachineConstantsTest {

  @Test
  void theMatrixUnitRatesReproduceTheProductBriefWithinThreePercent() {
    double int8Tops = 2.0 * MachineConstants.MXM_INT8_MACS_PER_CYCLE * MachineConstants.CLOCK_HZ / 1e12;
    double fp16Tflops = 2.0 * MachineConstants.MXM_FP16_MACS_PER_CYCLE * MachineConstants.CLOCK_HZ / 1e12;
    assertEquals(750, int8Tops, 750 * 0.03);
    assertEquals(188, fp16Tflops, 188 * 0.03);
  }

  @Test
  void sramIs220MibIn88SlicesOf2point5Mib() {
    assertEquals(MachineConstants.MEM_SLICES * 2.5 * 1024 * 1024, MachineConstants.SRAM_BYTES_PER_CHIP);
    assertEquals(230e6, MachineConstants.SRAM_BYTES_PER_CHIP, 1e6);
  }

  @Test
  void theDerivedLatenciesAndBandwidthsHaveTheirDocumentedValues() {
    assertEquals(20_480, MachineConstants.STREAM_BYTES_PER_CYCLE);
    assertEquals(600e-9, MachineConstants.C2C_HOP_LATENCY_SECONDS, 1e-12);
    assertEquals(540, Topology.GROQ.hopCycles());
    assertEquals(408, MachineConstants.MXM_STEP_LATENCY_CYCLES);
    assertEquals(88, MachineConstants.VXM_STEP_LATENCY_CYCLES);
  }

  @Test
  void theFittedWeightInstallRateStaysBelowTheStreamFabric() {
    long fitted = MachineConstants.MXM_WEIGHT_INSTALL_BYTES_PER_CYCLE_FITTED;
    assertTrue(fitted < MachineConstants.STREAM_BYTES_PER_CYCLE);
    assertTrue(fitted * MachineConstants.CLOCK_HZ < MachineConstants.SRAM_BYTES_PER_SECOND);
  }
}
