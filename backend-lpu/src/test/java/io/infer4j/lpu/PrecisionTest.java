package io.infer4j.lpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidRequestException;
import org.junit.jupiter.api.Test;

class PrecisionTest {

  @Test
  void parsesTheCommandLineNamesIgnoringCase() {
    assertEquals(Precision.INT8, Precision.parse("int8"));
    assertEquals(Precision.FP8, Precision.parse("FP8"));
    assertEquals(Precision.FP16, Precision.parse(" fp16 "));
    assertEquals(2, Precision.FP16.bytesPerWeight());
    assertEquals(1, Precision.FP8.bytesPerWeight());
  }

  @Test
  void anUnknownPrecisionFailsListingTheAcceptedOnes() {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> Precision.parse("bf16"));
    assertEquals("precision", e.field());
    assertTrue(e.getMessage().contains("bf16") && e.getMessage().contains("int8, fp8, fp16"),
        e.getMessage());
  }
}
