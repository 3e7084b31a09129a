package io.infer4j.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.DeadlineExceededException;
import io.infer4j.LatencyBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final Clock wall = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void anUnlimitedBudgetNeverExpires() {
    Deadline d = Deadline.start(LatencyBudget.NONE, now::get, wall);
    now.addAndGet(Duration.ofDays(365).toNanos());
    assertTrue(d.isUnbounded());
    assertFalse(d.isExpired());
    assertEquals(Long.MAX_VALUE, d.remainingNanos());
    d.check(false, "");
  }

  @Test
  void theTotalBudgetCountsFromTheStart() {
    Deadline d = Deadline.start(LatencyBudget.ofTotal(Duration.ofMillis(100)), now::get, wall);
    now.addAndGet(Duration.ofMillis(60).toNanos());
    assertEquals(Duration.ofMillis(40), d.remaining());
    now.addAndGet(Duration.ofMillis(40).toNanos());
    assertTrue(d.isExpired());
    DeadlineExceededException e =
        assertThrows(DeadlineExceededException.class, () -> d.check(true, "partial"));
    assertEquals("partial", e.partialText());
  }

  @Test
  void theFirstTokenBudgetAppliesOnlyUntilTheFirstToken() {
    Deadline d = Deadline.start(
        new LatencyBudget(Duration.ofMillis(10), Duration.ofMillis(100), null), now::get, wall);
    now.addAndGet(Duration.ofMillis(20).toNanos());
    assertThrows(DeadlineExceededException.class, () -> d.check(false, ""));
    d.check(true, ""); // once a token was seen only the total budget matters
    assertEquals(Duration.ofMillis(80).toNanos(), d.waitLimitNanos(true));
    assertEquals(0, d.waitLimitNanos(false));
  }

  @Test
  void anAbsoluteDeadlineIsConvertedToTheMonotonicClock() {
    Deadline d = Deadline.start(
        new LatencyBudget(null, Duration.ofSeconds(10), wall.instant().plusMillis(250)), now::get, wall);
    assertEquals(Duration.ofMillis(250), d.remaining(), "the earlier of total and deadline wins");
  }

  @Test
  void aHugeBudgetDoesNotOverflow() {
    Deadline d = Deadline.start(
        LatencyBudget.ofTotal(Duration.ofSeconds(Long.MAX_VALUE / 2_000_000_000L)), () -> Long.MAX_VALUE - 5, wall);
    assertFalse(d.isExpired());
  }
}
