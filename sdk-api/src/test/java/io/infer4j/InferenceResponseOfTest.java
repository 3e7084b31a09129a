package io.infer4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The short factories for stub responses keep the defaults their javadoc promises. */
class InferenceResponseOfTest {

  @Test
  void aStubResponseEndsNormallyWithZeroUsageAndTiming() {
    InferenceResponse r = InferenceResponse.of("Night Train.");

    assertEquals("Night Train.", r.text());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals(Usage.counted(0, 0), r.usage());
    assertEquals(Duration.ZERO, r.timing().timeToFirstToken());
    assertEquals(Duration.ZERO, r.timing().total());
    assertEquals(0.0, r.timing().tokensPerSecond());
    assertFalse(r.timing().simulated());
    assertEquals("", r.timing().device());
    assertEquals("stub", r.backend());
    assertEquals("stub", r.model());
    assertEquals(RouteDecision.direct("stub"), r.route());
  }

  @Test
  void theFinishReasonCanBeGiven() {
    InferenceResponse cut = InferenceResponse.of("Once", FinishReason.LENGTH);

    assertEquals(FinishReason.LENGTH, cut.finishReason());
    assertEquals(InferenceResponse.of("Once").usage(), cut.usage());
  }

  @Test
  void stubResponsesAreValuesThatCompareEqual() {
    assertEquals(InferenceResponse.of("hi"), InferenceResponse.of("hi", FinishReason.STOP));
  }

  @Test
  void nullsAreRejectedNamingTheField() {
    NullPointerException text = assertThrows(NullPointerException.class, () -> InferenceResponse.of(null));
    assertEquals("text", text.getMessage());
    NullPointerException reason =
        assertThrows(NullPointerException.class, () -> InferenceResponse.of("hi", null));
    assertEquals("finishReason", reason.getMessage());
  }
}
