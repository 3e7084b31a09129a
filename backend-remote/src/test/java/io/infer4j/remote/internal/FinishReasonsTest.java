package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.FinishReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinishReasonsTest {

  @Test
  void wireReasonsMapToFinishReasons() {
    assertEquals(FinishReason.LENGTH, FinishReasons.map("length", null, List.of(), true));
    assertEquals(FinishReason.STOP, FinishReasons.map("stop", null, List.of(), true));
    assertEquals(FinishReason.CONTENT_FILTER, FinishReasons.map("content_filter", null, List.of(), true));
    assertEquals(FinishReason.TOOL_CALLS, FinishReasons.map("tool_calls", null, List.of(), false));
    assertEquals(FinishReason.TOOL_CALLS, FinishReasons.map("function_call", null, List.of(), true));
  }

  @Test
  void aStopNamingOneOfTheRequestsStopStringsIsAStopSequence() {
    assertEquals(FinishReason.STOP_SEQUENCE, FinishReasons.map("stop", "###", List.of("###"), true));
    assertEquals(FinishReason.STOP, FinishReasons.map("stop", "other", List.of("###"), true));
  }

  @Test
  void noReasonIsStopAfterDoneAndIncompleteWithout() {
    assertEquals(FinishReason.STOP, FinishReasons.map(null, null, List.of(), true));
    assertEquals(FinishReason.INCOMPLETE, FinishReasons.map(null, null, List.of(), false));
  }
}
