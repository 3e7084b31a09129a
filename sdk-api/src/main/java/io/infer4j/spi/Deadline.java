package io.infer4j.spi;

import io.infer4j.DeadlineExceededException;
import io.infer4j.LatencyBudget;
import io.infer4j.internal.DeadlineTimer;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A request's {@link LatencyBudget} turned into points on a monotonic clock, fixed when the client
 * received the request. Backends consult it for every wait (connect, read, backoff, pacing) so the
 * budget holds through retries and fallbacks.
 *
 * <p>Immutable and thread-safe. Time comes from a {@link LongSupplier} of nanoseconds ({@link
 * System#nanoTime} in production; a virtual clock in tests).
 */
public final class Deadline {

  private static final long UNBOUNDED = Long.MAX_VALUE;

  private final LongSupplier nanoClock;
  private final long startNanos;
  private final long firstTokenAtNanos; // UNBOUNDED when no ttft budget
  private final long endAtNanos; // UNBOUNDED when no total budget

  private Deadline(LongSupplier nanoClock, long startNanos, long firstTokenAtNanos, long endAtNanos) {
    this.nanoClock = nanoClock;
    this.startNanos = startNanos;
    this.firstTokenAtNanos = firstTokenAtNanos;
    this.endAtNanos = endAtNanos;
  }

  /**
   * Runs {@code task} on the SDK's deadline timer thread once every deadline already due has been
   * handled: for the clean-up of expired requests that need not happen at the deadline itself
   * (closing the socket of a cancelled HTTP call, say: a burst of those as many deadlines pass at
   * once would compete with the threads the deadlines wake). The task must be quick and must not
   * block.
   *
   * @param task the clean-up
   * @throws NullPointerException if {@code task} is {@code null}
   */
  public static void afterDueDeadlines(Runnable task) {
    DeadlineTimer.afterDueDeadlines(Objects.requireNonNull(task, "task"));
  }

  /** {@return a deadline that never expires, on the system clock} */
  public static Deadline none() {
    return start(LatencyBudget.NONE, System::nanoTime, Clock.systemUTC());
  }

  /**
   * Starts the budget now on the system clocks.
   *
   * @param budget the request's budget; {@link LatencyBudget#NONE} for none
   * @return the deadline
   * @throws NullPointerException if {@code budget} is {@code null}
   */
  public static Deadline start(LatencyBudget budget) {
    return start(budget, System::nanoTime, Clock.systemUTC());
  }

  /**
   * Starts the budget now.
   *
   * @param budget the request's budget; {@link LatencyBudget#NONE} for none
   * @param nanoClock monotonic nanoseconds
   * @param wallClock used only to convert an absolute {@link LatencyBudget#deadline()}
   * @return the deadline, reading {@code nanoClock}
   * @throws NullPointerException if {@code budget} is {@code null}
   */
  public static Deadline start(LatencyBudget budget, LongSupplier nanoClock, Clock wallClock) {
    Objects.requireNonNull(budget, "budget");
    long now = nanoClock.getAsLong();
    long end = UNBOUNDED;
    if (budget.total() != null) {
      end = saturatedAdd(now, saturatedNanos(budget.total()));
    }
    if (budget.deadline() != null) {
      long untilDeadline = saturatedNanos(Duration.between(wallClock.instant(), budget.deadline()));
      end = Math.min(end, saturatedAdd(now, untilDeadline));
    }
    long firstToken = UNBOUNDED;
    if (budget.timeToFirstToken() != null) {
      firstToken = Math.min(end, saturatedAdd(now, saturatedNanos(budget.timeToFirstToken())));
    }
    return new Deadline(nanoClock, now, firstToken, end);
  }

  /** Nanoseconds of {@code d}, clamped to the long range (about 292 years either way). */
  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return b > 0 ? UNBOUNDED : Long.MIN_VALUE;
    }
    return r;
  }

  /** {@return the clock this deadline reads} */
  public LongSupplier nanoClock() {
    return nanoClock;
  }

  /** {@return the monotonic time at which the budget started} */
  public long startNanos() {
    return startNanos;
  }

  /** {@return the time since the budget started} */
  public Duration elapsed() {
    return Duration.ofNanos(nanoClock.getAsLong() - startNanos);
  }

  /** {@return whether no total limit applies} */
  public boolean isUnbounded() {
    return endAtNanos == UNBOUNDED;
  }

  /** {@return whether a time-to-first-token limit applies} */
  public boolean hasFirstTokenLimit() {
    return firstTokenAtNanos != UNBOUNDED;
  }

  /**
   * {@return the nanoseconds left of the total budget, never negative; {@link Long#MAX_VALUE} if
   * unbounded}
   */
  public long remainingNanos() {
    if (endAtNanos == UNBOUNDED) {
      return UNBOUNDED;
    }
    return Math.max(0, endAtNanos - nanoClock.getAsLong());
  }

  /**
   * {@return the nanoseconds left until the first token is due (the time-to-first-token limit or,
   * without one, the total limit), never negative; {@link Long#MAX_VALUE} if neither applies}
   */
  public long firstTokenRemainingNanos() {
    long at = Math.min(firstTokenAtNanos, endAtNanos);
    if (at == UNBOUNDED) {
      return UNBOUNDED;
    }
    return Math.max(0, at - nanoClock.getAsLong());
  }

  /** {@return the time left of the total budget, never negative; about 292 years when unbounded} */
  public Duration remaining() {
    return Duration.ofNanos(remainingNanos());
  }

  /** {@return whether the total budget is spent} */
  public boolean isExpired() {
    return remainingNanos() == 0;
  }

  /**
   * Throws if the budget is spent: the total budget, or the first-token budget when {@code
   * firstTokenSeen} is false.
   *
   * @param firstTokenSeen whether the caller has seen the first token, which lifts the
   *     time-to-first-token limit
   * @param partialText text produced so far, carried by the exception
   * @throws DeadlineExceededException naming which budget ran out and after how long
   */
  public void check(boolean firstTokenSeen, String partialText) {
    if (isExpired()) {
      throw new DeadlineExceededException(
          "total budget spent after " + elapsed().toMillis() + " ms", partialText);
    }
    if (!firstTokenSeen && hasFirstTokenLimit() && firstTokenRemainingNanos() == 0) {
      throw new DeadlineExceededException(
          "no first token within the time-to-first-token budget ("
              + Duration.ofNanos(firstTokenAtNanos - startNanos).toMillis() + " ms)",
          partialText);
    }
  }

  /**
   * {@return the time a backend may wait now for its next event, in nanoseconds: what is left before the
   * first token is due (when none has been seen yet) or before the end; {@link Long#MAX_VALUE}
   * when unbounded}
   *
   * @param firstTokenSeen whether the backend has seen the first token
   */
  public long waitLimitNanos(boolean firstTokenSeen) {
    return firstTokenSeen ? remainingNanos() : firstTokenRemainingNanos();
  }

  @Override
  public String toString() {
    return "Deadline[remaining="
        + (isUnbounded() ? "unbounded" : Duration.ofNanos(remainingNanos()).toMillis() + "ms")
        + (hasFirstTokenLimit()
            ? ", firstTokenRemaining=" + firstTokenRemainingNanos() / 1_000_000 + "ms" : "")
        + "]";
  }
}
