package io.infer4j.internal;

import io.infer4j.DeadlineExceededException;
import io.infer4j.spi.Deadline;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * Ends one request when its budget runs out, driven by a timer rather than by the request's own
 * thread: at the moment the first token is due (the time-to-first-token or total budget), and
 * once it came, at the end of the total budget, the {@link DeadlineTimer} hands the {@link
 * DeadlineExceededException} to the watch's target, which cancels the work (the HTTP call, the
 * decode loop) and wakes whoever waits for the answer. A thread that waits is woken by the
 * cancellation instead of having to be scheduled to notice that time is up.
 *
 * <p>The timer is checked against the {@link Deadline}'s own clock when it fires, and armed again
 * if that clock says the time is not up yet, so a deadline on a test's virtual clock expires by
 * that clock (when real time has passed too). A deadline without limits arms nothing.
 *
 * <p><b>States.</b> Waiting for the first token, then for the end; then either expired (once,
 * the target called once) or stopped (the request ended first). Thread-safe; the target runs on
 * the timer's thread, outside this watch's lock, and must be quick and never block.
 */
final class DeadlineWatch {

  private enum Phase { FIRST_TOKEN, REST, EXPIRED, STOPPED }

  private final Deadline deadline;
  private Consumer<DeadlineExceededException> target; // guarded by this
  private Phase phase = Phase.FIRST_TOKEN; // guarded by this
  private ScheduledFuture<?> timer; // guarded by this; null when none is armed
  private DeadlineExceededException error; // guarded by this; set once expired

  private DeadlineWatch(Deadline deadline, Consumer<DeadlineExceededException> target) {
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    this.target = Objects.requireNonNull(target, "target");
  }

  /** Starts watching for the first token's (or the total) deadline; {@code target} is told when it passes. */
  static DeadlineWatch start(Deadline deadline, Consumer<DeadlineExceededException> target) {
    DeadlineWatch w = new DeadlineWatch(deadline, target);
    synchronized (w) {
      w.arm(Phase.FIRST_TOKEN);
    }
    return w;
  }

  /** Tells {@code next} instead from now on; false (and {@code next} is not told) if already expired. */
  synchronized boolean retarget(Consumer<DeadlineExceededException> next) {
    if (phase == Phase.EXPIRED) {
      return false;
    }
    target = Objects.requireNonNull(next, "target");
    return true;
  }

  /**
   * The first token came: from now on only the total budget is watched. False if the watch had
   * expired already (then {@link #error()} says why).
   */
  synchronized boolean firstTokenSeen() {
    if (phase == Phase.EXPIRED) {
      return false;
    }
    if (phase == Phase.FIRST_TOKEN) {
      phase = Phase.REST;
      if (timer == null) {
        arm(Phase.REST);
      }
      // else the first token's timer stays: it fires no later than the total budget's end
      // (Deadline#firstTokenRemainingNanos), and then re-arms for what is left of it (see fire).
      // A request that ends before its first-token limit never schedules a second timer.
    }
    return true;
  }

  /** The request ended: nothing more is watched. False if the watch had expired first. */
  synchronized boolean stop() {
    if (phase == Phase.EXPIRED) {
      return false;
    }
    disarm();
    phase = Phase.STOPPED;
    return true;
  }

  /** Whether a timer is armed now (for tests). */
  synchronized boolean armed() {
    return timer != null;
  }

  /** Why the watch expired; null while it has not. */
  synchronized DeadlineExceededException error() {
    return error;
  }

  /** Call with the lock held. Arms the timer for the limit that applies in {@code p}, if any. */
  private void arm(Phase p) {
    long wait = deadline.waitLimitNanos(p == Phase.REST);
    if (wait != Long.MAX_VALUE) {
      timer = DeadlineTimer.schedule(() -> fire(p), wait);
    }
  }

  private void disarm() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  /** On the timer's thread: expires the watch if it is still in {@code p} and the time is up. */
  private void fire(Phase p) {
    Consumer<DeadlineExceededException> told;
    DeadlineExceededException spent;
    synchronized (this) {
      if (phase == Phase.REST && p == Phase.FIRST_TOKEN) {
        timer = null;
        arm(Phase.REST); // the first token came before this timer: watch the total budget now
        return;
      }
      if (phase != p) {
        return; // the request ended as the timer fired
      }
      spent = spent(p);
      if (spent == null) {
        arm(p); // early by the deadline's clock (a virtual clock, or a timer that fired early)
        return;
      }
      timer = null;
      phase = Phase.EXPIRED;
      error = spent;
      told = target;
    }
    told.accept(spent);
  }

  /** The deadline's own verdict for phase {@code p}; null when its time is not up. */
  private DeadlineExceededException spent(Phase p) {
    try {
      deadline.check(p == Phase.REST, "");
      return null;
    } catch (DeadlineExceededException e) {
      return e;
    }
  }
}
