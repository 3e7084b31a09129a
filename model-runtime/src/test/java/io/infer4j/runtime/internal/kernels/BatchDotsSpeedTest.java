package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The batch kernel's timing tool runs and reports what it measured (not how fast). */
class BatchDotsSpeedTest {
  @Test
  void timesThePanelAndTheRegisterLoop() {
    BatchDotsSpeed.Timing t = BatchDotsSpeed.run(64, 9, TokenBlocks.WIDTH + 1, 2, 1_000);
    assertTrue(t.panelGflops() > 0 && t.registerGflops() > 0, t.toString());
    assertTrue(Float.isFinite(t.checksum()) && t.checksum() != 0, t.toString());
  }
}
