package io.infer4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.DeadlineExceededException;
import io.infer4j.LatencyBudget;
import io.infer4j.spi.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The timer behind every deadline: armed, moved on, stopped, and by whose clock it fires. */
class DeadlineWatchTest {

  private static final LatencyBudget AN_HOUR =
      new LatencyBudget(Duration.ofMinutes(1), Duration.ofHours(1), null);

  @Test
  void aWatchIsArmedForTheFirstTokenThenTheEndAndDisarmedWhenStopped() {
    DeadlineWatch watch = DeadlineWatch.start(Deadline.start(AN_HOUR), spent -> { });
    assertTrue(watch.armed());
    assertTrue(watch.firstTokenSeen());
    assertTrue(watch.armed(), "armed again, for the total budget");
    assertTrue(watch.stop());
    assertFalse(watch.armed());
    assertNull(watch.error());
  }

  @Test
  void aDeadlineWithoutLimitsArmsNothing() {
    DeadlineWatch watch = DeadlineWatch.start(Deadline.none(), spent -> { });
    assertFalse(watch.armed());
    assertTrue(watch.stop());
  }

  @Test
  void anExpiredWatchTellsItsTargetOnceAndRefusesWhatComesAfter() throws Exception {
    AtomicInteger told = new AtomicInteger();
    CountDownLatch expired = new CountDownLatch(1);
    DeadlineWatch watch = DeadlineWatch.start(
        Deadline.start(LatencyBudget.ofTotal(Duration.ofMillis(20))), spent -> {
          told.incrementAndGet();
          expired.countDown();
        });
    assertTrue(expired.await(5, TimeUnit.SECONDS));
    assertTrue(watch.error().getMessage().contains("total budget spent"), watch.error().getMessage());
    assertFalse(watch.firstTokenSeen());
    assertFalse(watch.retarget(spent -> told.incrementAndGet()));
    assertFalse(watch.stop());
    Thread.sleep(50);
    assertTrue(told.get() == 1, "told " + told.get() + " times");
  }

  @Test
  void aWatchExpiresByTheDeadlinesOwnClock() throws Exception {
    AtomicLong virtualNanos = new AtomicLong();
    Deadline deadline = Deadline.start(
        LatencyBudget.ofTotal(Duration.ofMillis(30)), virtualNanos::get, Clock.systemUTC());
    CountDownLatch expired = new CountDownLatch(1);
    DeadlineWatch watch = DeadlineWatch.start(deadline, spent -> expired.countDown());

    assertFalse(expired.await(150, TimeUnit.MILLISECONDS), "real time passed, the deadline's did not");
    assertTrue(watch.armed(), "still watching");
    virtualNanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(30));
    assertTrue(expired.await(5, TimeUnit.SECONDS), "expired once the deadline's clock said so");
    DeadlineExceededException e = watch.error();
    assertTrue(e.getMessage().contains("after 30 ms"), e.getMessage());
  }

  @Test
  void afterTheFirstTokenTheTotalBudgetIsWatchedFromWhenTheFirstTokensTimerFires()
      throws Exception {
    // first token within 20 ms, all within 120 ms: the token comes at once; the first-token
    // timer, left armed, re-arms for the total when it fires, and the total still expires
    CountDownLatch expired = new CountDownLatch(1);
    long start = System.nanoTime();
    DeadlineWatch watch = DeadlineWatch.start(Deadline.start(new LatencyBudget(
        Duration.ofMillis(20), Duration.ofMillis(120), null)), spent -> expired.countDown());
    assertTrue(watch.firstTokenSeen());
    assertTrue(watch.armed());
    assertFalse(expired.await(60, TimeUnit.MILLISECONDS), "not at the first-token limit");
    assertTrue(watch.armed(), "re-armed for the total budget");
    assertTrue(expired.await(5, TimeUnit.SECONDS));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(ms >= 120, "expired at the total budget, after " + ms + " ms");
    assertTrue(watch.error().getMessage().contains("total budget spent"), watch.error().getMessage());
  }

  @Test
  void aRequestEndingBeforeItsFirstTokenLimitLeavesNothingScheduled() throws Exception {
    int before = DeadlineTimer.pending();
    DeadlineWatch watch = DeadlineWatch.start(Deadline.start(AN_HOUR), spent -> { });
    assertTrue(watch.firstTokenSeen());
    assertTrue(watch.stop());
    assertFalse(watch.armed());
    assertEquals(before, DeadlineTimer.pending(), "the one timer it scheduled was removed");
  }
}
