package io.infer4j.gpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.gpu.GpuPrecision;
import org.junit.jupiter.api.Test;

class GpuPrecisionBytesTest {

  @Test
  void blockQuantizedFormatsStoreThirtyTwoWeightsPerBlock() {
    assertEquals(34, GpuPrecision.Q8_0.bytesFor(32));
    assertEquals(18, GpuPrecision.Q4_0.bytesFor(32));
    assertEquals(36, GpuPrecision.Q4_0.bytesFor(33)); // a partial block is stored whole
    assertEquals(64, GpuPrecision.BF16.bytesFor(32));
    assertEquals(32, GpuPrecision.FP8.bytesFor(32));
    assertEquals(0.5625, GpuPrecision.Q4_0.bytesPerWeight(), 1e-12);
  }
}
