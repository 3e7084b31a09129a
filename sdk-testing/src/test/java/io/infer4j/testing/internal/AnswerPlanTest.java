package io.infer4j.testing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.FinishReason;
import io.infer4j.InferenceRequest;
import io.infer4j.Sampling;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerPlanTest {

  private static Sampling sampling(int maxTokens, String... stop) {
    return InferenceRequest.builder().prompt("")
        .sampling(Sampling.DEFAULT.withMaxTokens(maxTokens).withStop(stop)).build().sampling();
  }

  @Test
  void wordChunksJoinBackToTheText() {
    String text = "  Leading, inner  spaces\tand\nlines ";
    List<String> chunks = WordChunks.split(text);
    assertEquals(text, String.join("", chunks));
    assertEquals(List.of("  Leading,", " inner", "  spaces", "\tand", "\nlines", " "), chunks);
    assertEquals(List.of(), WordChunks.split(""));
    assertEquals(5, WordChunks.countWords(text));
  }

  @Test
  void aStopStringSpanningChunksCutsTheChunkWhereItStarts() {
    AnswerPlan plan = AnswerPlan.of(List.of("ab", "cE", "ND", "x"), null, sampling(10, "END"));
    assertEquals(List.of("ab", "c"), plan.chunks());
    assertEquals(FinishReason.STOP_SEQUENCE, plan.finishReason());
  }

  @Test
  void theEarliestStopStringWins() {
    AnswerPlan plan = AnswerPlan.of(List.of("one", " two", " three"), null, sampling(10, "three", "two"));
    assertEquals(List.of("one", " "), plan.chunks());
  }

  @Test
  void aStopStringAtTheStartGivesNoChunks() {
    AnswerPlan plan = AnswerPlan.of(List.of("STOP", " more"), null, sampling(10, "STOP"));
    assertEquals(List.of(), plan.chunks());
    assertEquals(FinishReason.STOP_SEQUENCE, plan.finishReason());
  }

  @Test
  void zeroMaxTokensGivesNoChunksWithLength() {
    AnswerPlan plan = AnswerPlan.of(List.of("a"), null, sampling(0));
    assertEquals(List.of(), plan.chunks());
    assertEquals(FinishReason.LENGTH, plan.finishReason());
  }

  @Test
  void exactlyMaxTokensChunksEndsWithStop() {
    AnswerPlan plan = AnswerPlan.of(List.of("a", "b"), null, sampling(2));
    assertEquals(FinishReason.STOP, plan.finishReason());
  }
}
