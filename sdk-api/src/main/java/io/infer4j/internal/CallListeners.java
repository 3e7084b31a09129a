package io.infer4j.internal;

import io.infer4j.EmbeddingResponse;
import io.infer4j.InferenceException;
import io.infer4j.InferenceListener;
import io.infer4j.InferenceResponse;
import io.infer4j.RouteDecision;
import io.infer4j.spi.AttemptObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The listeners of one request: relays each event to every one, drops what a listener throws (a
 * listener never changes a request's outcome), and reports the end exactly once. Also the {@link
 * AttemptObserver} the backend reports its attempts to, numbering them across the request ({@link
 * #started}). Thread-safe. Not API.
 */
final class CallListeners implements AttemptObserver {

  private final InferenceListener.Call call;
  private final List<InferenceListener> listeners;
  private final AtomicBoolean ended = new AtomicBoolean();
  /** Counted down, under this object's lock, once the listeners have heard the end. */
  private final CountDownLatch endHeard = new CountDownLatch(1);
  /** What waits for that ({@link #afterEnd}). Guarded by this. */
  private final List<Runnable> afterEnd = new ArrayList<>(1);
  /** The number given to the latest attempt reported; 0 before the first. Guarded by this. */
  private int lastNumber;
  /**
   * Each attempt started and not yet ended, as reported, to the attempt the listeners saw. Guarded
   * by this.
   */
  private final Map<InferenceListener.Attempt, InferenceListener.Attempt> numbered =
      new IdentityHashMap<>();

  private CallListeners(InferenceListener.Call call, List<InferenceListener> listeners) {
    this.call = call;
    this.listeners = listeners;
  }

  /**
   * The request's listeners, having told them it starts; {@code null} when no factory listens (the
   * common case, which then costs nothing more).
   */
  static CallListeners start(List<InferenceListener.Factory> factories, InferenceListener.Call call) {
    if (factories.isEmpty()) {
      return null;
    }
    List<InferenceListener> made = new ArrayList<>(factories.size());
    for (InferenceListener.Factory f : factories) {
      try {
        InferenceListener l = f.create(call);
        if (l != null && l != InferenceListener.NONE) {
          made.add(l);
        }
      } catch (RuntimeException ignored) {
        // a broken factory listens to nothing
      }
    }
    if (made.isEmpty()) {
      return null;
    }
    CallListeners c = new CallListeners(call, List.copyOf(made));
    c.each(l -> l.requestStart(call));
    return c;
  }

  void firstChunk(Duration timeToFirstChunk) {
    each(l -> l.firstChunk(call, timeToFirstChunk));
  }

  void chunk(io.infer4j.TokenChunk chunk, Duration sinceStart) {
    each(l -> l.chunk(call, chunk, sinceStart));
  }

  void ended(InferenceResponse response) {
    if (ended.compareAndSet(false, true)) {
      heard(() -> each(l -> l.requestEnd(call, response)));
    }
  }

  void embedded(EmbeddingResponse response, Duration elapsed) {
    if (ended.compareAndSet(false, true)) {
      heard(() -> each(l -> l.embeddingEnd(call, response, elapsed)));
    }
  }

  void failed(InferenceException failure, Duration elapsed) {
    if (ended.compareAndSet(false, true)) {
      heard(() -> each(l -> l.requestFailed(call, failure, elapsed)));
    }
  }

  private void heard(Runnable end) {
    try {
      end.run();
    } finally {
      List<Runnable> then;
      synchronized (this) {
        endHeard.countDown();
        then = List.copyOf(afterEnd);
        afterEnd.clear();
      }
      then.forEach(Runnable::run);
    }
  }

  /**
   * Runs {@code then} once the listeners have heard the request's end: now if they have, else on
   * the thread telling them, when it is done. For the timer's thread, which must not wait on
   * listeners another thread runs, to tell an asynchronous caller of a spent budget only after
   * its listeners recorded the failure. Call after an end event ({@link #failed}), whichever
   * thread's won.
   */
  void afterEnd(Runnable then) {
    synchronized (this) {
      if (endHeard.getCount() > 0) {
        afterEnd.add(then);
        return;
      }
    }
    then.run();
  }

  /**
   * Returns once the listeners have heard the request's end, whichever thread told them: the
   * caller's thread calls this before it throws a failure that the timer's thread may be reporting
   * (a budget running out), so that the caller never holds an outcome its listeners are still
   * recording (a test reading the spans right after the exception, say). The timer's thread never
   * waits here. Returns at once if this thread is interrupted, the interrupt kept.
   */
  void awaitEnd() {
    try {
      endHeard.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Tells the listeners of {@code attempt} with its position among all of the request's attempts:
   * the router numbers its own (first choice, fallbacks, hedges) and a member its own retries, each
   * from 1 or 2, so that under a router a retry and a fallback would both say 2. The number told is
   * the reported one or one past the previous attempt's, whichever is larger: a remote client's
   * first retry is still 2 (its first try is the request itself, which reports no attempt), and the
   * numbers of one request never repeat.
   */
  @Override
  public void started(InferenceListener.Attempt attempt) {
    InferenceListener.Attempt told;
    synchronized (this) {
      lastNumber = Math.max(attempt.number(), lastNumber + 1);
      told = lastNumber == attempt.number() ? attempt
          : new InferenceListener.Attempt(attempt.backend(), attempt.kind(), lastNumber);
      numbered.put(attempt, told);
    }
    each(l -> l.attemptStart(call, told));
  }

  /** Tells the listeners of {@code attempt}'s end, with the number {@link #started} gave it. */
  @Override
  public void ended(InferenceListener.Attempt attempt, RouteDecision.Outcome outcome,
      Duration elapsed, InferenceException failure) {
    InferenceListener.Attempt told;
    synchronized (this) {
      told = numbered.remove(attempt);
    }
    InferenceListener.Attempt as = told != null ? told : attempt;
    each(l -> l.attemptEnd(call, as, outcome, elapsed, failure));
  }

  private void each(java.util.function.Consumer<InferenceListener> event) {
    for (InferenceListener l : listeners) {
      try {
        event.accept(l);
      } catch (RuntimeException ignored) {
        // documented: a listener's failure is dropped
      }
    }
  }
}
