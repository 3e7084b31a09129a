package io.infer4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class InferenceRequestTest {

  private static void assertRejects(String field, Supplier<?> build) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, build::get);
    assertEquals(field, e.field());
    assertTrue(e.getMessage().contains(field), e.getMessage());
    assertTrue(!e.isRetryable());
  }

  private static InferenceRequest.Builder valid() {
    return InferenceRequest.builder().prompt("hi");
  }

  @Test
  void anEmptyRawPromptIsValid() {
    InferenceRequest r = InferenceRequest.ofPrompt("");
    assertTrue(r.isRawPrompt());
    assertEquals("", r.text());
  }

  @Test
  void defaultsAreFilledIn() {
    InferenceRequest r = InferenceRequest.ofUserMessage("hello");
    assertEquals(Sampling.DEFAULT, r.sampling());
    assertEquals(LatencyBudget.NONE, r.budget());
    assertTrue(r.requestedModel().isEmpty());
    assertEquals(List.of(ChatMessage.user("hello")), r.messages());
  }

  @Test
  void negativeMaxTokensNamesTheField() {
    assertRejects("sampling.maxTokens", () -> valid().maxTokens(-1).build());
  }

  @Test
  void temperatureOutOfRangeOrNaNNamesTheField() {
    assertRejects("sampling.temperature", () -> valid().temperature(2.5).build());
    assertRejects("sampling.temperature", () -> valid().temperature(-0.1).build());
    assertRejects("sampling.temperature", () -> valid().temperature(Double.NaN).build());
  }

  @Test
  void topPTopKAndMinPAreChecked() {
    assertRejects("sampling.topP", () -> valid().sampling(Sampling.DEFAULT.withTopP(0)).build());
    assertRejects("sampling.topP", () -> valid().sampling(Sampling.DEFAULT.withTopP(1.01)).build());
    assertRejects("sampling.topK", () -> valid().sampling(Sampling.DEFAULT.withTopK(-3)).build());
    assertRejects("sampling.minP", () -> valid().sampling(Sampling.DEFAULT.withMinP(1.5)).build());
  }

  @Test
  void emptyStopStringsAreRejectedWithTheirIndex() {
    assertRejects("sampling.stop[1]", () -> valid().sampling(Sampling.DEFAULT.withStop("ok", "")).build());
  }

  @Test
  void nullMessagesAndStopStringsAreTypedErrors() {
    assertRejects("messages[0]", () -> InferenceRequest.builder().message(null).build());
    assertRejects("sampling.stop[1]", () -> valid().sampling(Sampling.DEFAULT.withStop("a", null))
        .build());
  }

  @Test
  void anEmptyMessageListIsRejected() {
    assertRejects("messages", () -> InferenceRequest.builder().build());
  }

  @Test
  void promptAndMessagesAreExclusive() {
    assertRejects("prompt", () -> valid().user("also").build());
  }

  @Test
  void aBlankModelIsRejected() {
    assertRejects("model", () -> valid().model("  ").build());
  }

  @Test
  void budgetsMustBePositiveAndConsistent() {
    assertRejects("budget.total", () -> valid().budget(LatencyBudget.ofTotal(Duration.ofMillis(-5))).build());
    assertRejects("budget.timeToFirstToken", () -> valid().timeToFirstTokenBudget(Duration.ZERO).build());
    assertRejects(
        "budget.timeToFirstToken",
        () -> valid().budget(LatencyBudget.ofTotal(Duration.ofMillis(100)))
            .timeToFirstTokenBudget(Duration.ofMillis(200)).build());
  }

  @Test
  void toBuilderDerivesAVariantAndKeepsTheRest() {
    InferenceRequest base = valid().model("m")
        .sampling(Sampling.greedy().withSeed(7L).withStop("END")).build();
    InferenceRequest variant = base.toBuilder().maxTokens(3).build();
    assertEquals(3, variant.sampling().maxTokens());
    assertEquals("m", variant.model());
    assertEquals(7L, variant.sampling().seed());
    assertEquals(List.of("END"), variant.sampling().stop());
  }

  @Test
  void textJoinsMessageContents() {
    InferenceRequest r = InferenceRequest.builder().system("be brief").user("why?").build();
    assertEquals("be brief\nwhy?", r.text());
  }
}
