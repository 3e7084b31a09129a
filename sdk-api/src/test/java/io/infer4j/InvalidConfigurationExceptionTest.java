package io.infer4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class InvalidConfigurationExceptionTest {

  @Test
  void theMessageIsKeyValueAndProblemWhichStaysAvailableOnItsOwn() {
    InvalidConfigurationException set =
        new InvalidConfigurationException("infer4j.backend", "nosuch", "no backend named 'nosuch'");
    assertEquals("infer4j.backend=nosuch: no backend named 'nosuch'", set.getMessage());
    assertEquals("no backend named 'nosuch'", set.problem());

    InvalidConfigurationException unset =
        new InvalidConfigurationException("infer4j.backends.gpu.tokenizer", null, "needed");
    assertEquals("infer4j.backends.gpu.tokenizer (not set): needed", unset.getMessage());
    assertNull(unset.value());
    assertEquals("needed", unset.problem());
  }

  @Test
  void aCommentAfterTheValueIsPointedOut() {
    InvalidConfigurationException e = new InvalidConfigurationException("infer4j.backend",
        "lpu                      # lpu | gpu | remote", "not a valid backend name");

    assertEquals("infer4j.backend=lpu                      # lpu | gpu | remote: not a valid"
        + " backend name (a '#' after a value is part of the value in a .properties file: put"
        + " the comment on a line of its own)", e.getMessage());
    assertEquals("not a valid backend name", e.problem());
    assertEquals("infer4j.x=a#b: bad",
        new InvalidConfigurationException("infer4j.x", "a#b", "bad").getMessage()); // no space
  }

  @Test
  void restatedUnderAnotherNameItKeepsValueAndProblem() {
    InvalidConfigurationException byKey =
        new InvalidConfigurationException("infer4j.backends.gpu.tokenizer", null, "needed");
    InvalidConfigurationException byFlag =
        new InvalidConfigurationException("--tokenizer", byKey.value(), byKey.problem(), byKey);
    assertEquals("--tokenizer (not set): needed", byFlag.getMessage());
    assertEquals(byKey, byFlag.getCause());
  }
}
