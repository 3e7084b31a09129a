package io.infer4j.lpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidRequestException;
import org.junit.jupiter.api.Test;

class LpuPrecisionTest {

  @Test
  void parsesTheCommandLineNamesIgnoringCase() {
    assertEquals(LpuPrecision.INT8, LpuPrecision.parse("int8"));
    assertEquals(LpuPrecision.FP8, LpuPrecision.parse("FP8"));
    assertEquals(LpuPrecision.FP16, LpuPrecision.parse(" fp16 "));
    assertEquals(2, LpuPrecision.FP16.bytesPerWeight());
    assertEquals(1, LpuPrecision.FP8.bytesPerWeight());
  }

  @Test
  void anUnknownPrecisionFailsListingTheAcceptedOnes() {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> LpuPrecision.parse("bf16"));
    assertEquals("precision", e.field());
    assertTrue(e.getMessage().contains("bf16") && e.getMessage().contains("int8, fp8, fp16"),
        e.getMessage());
  }
}
