package io.infer4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {

  @Test
  void durationsTakeAUnitOrIso8601() {
    assertEquals(Duration.ofMillis(200), ConfigValues.parseDuration("k", "200ms"));
    assertEquals(Duration.ofMillis(1500), ConfigValues.parseDuration("k", "1.5s"));
    assertEquals(Duration.ofMinutes(2), ConfigValues.parseDuration("k", "2m"));
    assertEquals(Duration.ofNanos(750_000), ConfigValues.parseDuration("k", "750us"));
    assertEquals(Duration.ofMillis(200), ConfigValues.parseDuration("k", "PT0.2S"));
  }

  @Test
  void aBareNumberIsNotADurationAndTheErrorNamesKeyAndValue() {
    InvalidConfigurationException e = assertThrows(
        InvalidConfigurationException.class,
        () -> ConfigValues.parseDuration("infer4j.latency-budget.ttft", "200"));
    assertEquals("infer4j.latency-budget.ttft", e.key());
    assertEquals("200", e.value());
    assertTrue(e.getMessage().contains("infer4j.latency-budget.ttft=200"), e.getMessage());
  }

  @Test
  void aNegativeDurationIsSaidToBeNegative() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> ConfigValues.parseDuration("infer4j.latency-budget.ttft", "-1s"));
    assertEquals("must not be negative", e.problem());
    InvalidConfigurationException iso = assertThrows(InvalidConfigurationException.class,
        () -> ConfigValues.parseDuration("k", "-PT1S"));
    assertEquals("must not be negative", iso.problem());
  }

  @Test
  void numbersAndBooleansFailWithTheKey() {
    assertEquals(8, ConfigValues.parseInt("k", " 8 "));
    assertTrue(ConfigValues.parseBoolean("k", "TRUE"));
    assertThrows(InvalidConfigurationException.class, () -> ConfigValues.parseInt("k", "eight"));
    assertThrows(InvalidConfigurationException.class, () -> ConfigValues.parseDouble("k", "NaN"));
    assertThrows(InvalidConfigurationException.class, () -> ConfigValues.parseBoolean("k", "maybe"));
  }
}
