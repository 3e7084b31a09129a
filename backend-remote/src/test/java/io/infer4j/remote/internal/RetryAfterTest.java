package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  private static Duration parse(String... namesAndValues) {
    return RetryAfter.parse(Headers.of(namesAndValues), NOW);
  }

  @Test
  void millisecondsHeaderWinsOverSeconds() {
    assertEquals(Duration.ofMillis(250), parse("retry-after-ms", "250", "Retry-After", "9"));
  }

  @Test
  void secondsMayBeWholeOrDecimal() {
    assertEquals(Duration.ofSeconds(3), parse("Retry-After", "3"));
    assertEquals(Duration.ofMillis(1500), parse("Retry-After", "1.5"));
  }

  @Test
  void anHttpDateIsTheTimeUntilThatDate() {
    assertEquals(Duration.ofSeconds(30), parse("Retry-After", "Sun, 22 Nov 2026 12:00:30 GMT"));
  }

  @Test
  void aPastDateMeansNow() {
    assertEquals(Duration.ZERO, parse("Retry-After", "Sun, 22 Nov 2026 11:00:00 GMT"));
  }

  @Test
  void junkNegativeOrMissingValuesSayNothing() {
    assertNull(parse("Retry-After", "soon"));
    assertNull(parse("Retry-After", "-5"));
    assertNull(parse("retry-after-ms", "abc"));
    assertNull(parse("X-Other", "1"));
  }
}
