package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer4j.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** Lengths not given default to what fits; lengths given are kept or rejected naming the flag. */
class PlanWorkloadTest {

  @Test
  void defaultsAre128EachWhenTheContextHasRoom() {
    assertEquals(new PlanWorkload(128, 128), PlanWorkload.fit(null, null, 4096, "m"));
    assertEquals(new PlanWorkload(128, 128), PlanWorkload.fit(null, null, 256, "m"));
  }

  @Test
  void aSmallerContextIsSplitInHalf() {
    assertEquals(new PlanWorkload(64, 64), PlanWorkload.fit(null, null, 128, "m"));
    assertEquals(new PlanWorkload(64, 65), PlanWorkload.fit(null, null, 129, "m"));
  }

  @Test
  void oneLengthGivenLeavesTheRestToTheOtherUpToTheDefault() {
    assertEquals(new PlanWorkload(100, 28), PlanWorkload.fit(100, null, 128, "m"));
    assertEquals(new PlanWorkload(128, 20), PlanWorkload.fit(null, 20, 4096, "m"));
    assertEquals(new PlanWorkload(8, 120), PlanWorkload.fit(null, 120, 128, "m"));
    assertEquals(new PlanWorkload(2000, 128), PlanWorkload.fit(2000, null, 4096, "m"));
  }

  @Test
  void bothGivenAreKeptWhenTheyFit() {
    assertEquals(new PlanWorkload(100, 28), PlanWorkload.fit(100, 28, 128, "m"));
  }

  @Test
  void bothGivenTooLongNameBothFlags() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> PlanWorkload.fit(100, 29, 128, "stories260K-q8_0.gguf"));

    assertEquals("outputTokens", e.field());
    assertEquals("invalid request: outputTokens: --prompt-tokens 100 + --output-tokens 29 = 129 tokens"
        + " exceed the 128-token context of stories260K-q8_0.gguf; lower --prompt-tokens or"
        + " --output-tokens", e.getMessage());
  }

  @Test
  void oneGivenThatFillsTheContextNamesThatFlag() {
    InvalidRequestException prompt =
        assertThrows(InvalidRequestException.class, () -> PlanWorkload.fit(128, null, 128, "m"));
    assertEquals("promptTokens", prompt.field());
    assertEquals("invalid request: promptTokens: --prompt-tokens 128 leaves no room in the"
        + " 128-token context of m; lower --prompt-tokens", prompt.getMessage());

    InvalidRequestException output =
        assertThrows(InvalidRequestException.class, () -> PlanWorkload.fit(null, 500, 128, "m"));
    assertEquals("outputTokens", output.field());
  }

  @Test
  void aLengthBelowOneIsPassedOnForThePlannerToReject() {
    assertEquals(new PlanWorkload(0, 128), PlanWorkload.fit(0, null, 4096, "m"));
  }
}
