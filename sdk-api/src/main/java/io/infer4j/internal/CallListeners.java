package io.infer4j.internal;

import io.infer4j.EmbeddingResponse;
import io.infer4j.InferenceException;
import io.infer4j.InferenceListener;
import io.infer4j.InferenceResponse;
import io.infer4j.RouteDecision;
import io.infer4j.spi.AttemptObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The listeners of one request: relays each event to every one, drops what a listener throws (a
 * listener never changes a request's outcome), and reports the end exactly once. Also the {@link
 * AttemptObserver} the backend reports its attempts to. Thread-safe. Not API.
 */
final class CallListeners implements AttemptObserver {

  private final InferenceListener.Call call;
  private final List<InferenceListener> listeners;
  private final AtomicBoolean ended = new AtomicBoolean();

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
      each(l -> l.requestEnd(call, response));
    }
  }

  void embedded(EmbeddingResponse response, Duration elapsed) {
    if (ended.compareAndSet(false, true)) {
      each(l -> l.embeddingEnd(call, response, elapsed));
    }
  }

  void failed(InferenceException failure, Duration elapsed) {
    if (ended.compareAndSet(false, true)) {
      each(l -> l.requestFailed(call, failure, elapsed));
    }
  }

  @Override
  public void started(InferenceListener.Attempt attempt) {
    each(l -> l.attemptStart(call, attempt));
  }

  @Override
  public void ended(InferenceListener.Attempt attempt, RouteDecision.Outcome outcome,
      Duration elapsed, InferenceException failure) {
    each(l -> l.attemptEnd(call, attempt, outcome, elapsed, failure));
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
