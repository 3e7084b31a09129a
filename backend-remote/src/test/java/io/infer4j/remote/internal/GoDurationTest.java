package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {

  @Test
  void goStyleDurationsFromRateLimitHeadersParse() {
    assertEquals(Duration.ofSeconds(1), GoDuration.parse("1s"));
    assertEquals(Duration.ofMinutes(6), GoDuration.parse("6m0s"));
    assertEquals(Duration.ofMillis(7660), GoDuration.parse("7.66s"));
    assertEquals(Duration.ofNanos(2_500_000), GoDuration.parse("2.5ms"));
    assertEquals(Duration.ofMinutes(62), GoDuration.parse("1h2m"));
    assertEquals(Duration.ofSeconds(2), GoDuration.parse("2"));
  }

  @Test
  void anythingElseIsNotADuration() {
    assertNull(GoDuration.parse("soon"));
    assertNull(GoDuration.parse("1s later"));
    assertNull(GoDuration.parse(""));
    assertNull(GoDuration.parse(null));
  }
}
