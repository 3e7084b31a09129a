package io.infer4j.testing.internal;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceRequest;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.LatencyEstimate;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A view of a backend owned by someone else (the test's fake): requests go to it, but {@link
 * #close()} only cancels the generations started through this view and refuses later ones; the
 * shared backend stays open for other clients. Thread-safe. Not API.
 */
public final class SharedFakeView implements Backend {

  private final String name;
  private final Backend shared;
  private final Runnable onClose;
  private final Set<Generation> running = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param name the instance name, for the error after close
   * @param onClose run once when this view is closed
   */
  public SharedFakeView(String name, Backend shared, Runnable onClose) {
    this.name = name;
    this.shared = shared;
    this.onClose = onClose;
  }

  @Override
  public Set<Capability> capabilities() {
    return shared.capabilities();
  }

  @Override
  public Optional<LatencyEstimate> estimate(InferenceRequest request) {
    return shared.estimate(request);
  }

  @Override
  public Generation start(InferenceRequest request, Deadline deadline) {
    if (closed.get()) {
      throw new BackendUnavailableException(name, "closed", false);
    }
    Generation inner = shared.start(request, deadline);
    Generation tracked = new Generation() {
      @Override
      public io.infer4j.TokenChunk next() {
        return inner.next();
      }

      @Override
      public io.infer4j.spi.GenerationResult result() {
        return inner.result();
      }

      @Override
      public void close() {
        running.remove(this);
        inner.close();
      }
    };
    running.add(tracked);
    if (closed.get()) {
      tracked.close(); // closed concurrently: do not leave it running
    }
    return tracked;
  }

  @Override
  public io.infer4j.EmbeddingResponse embed(io.infer4j.EmbeddingRequest request, Deadline deadline) {
    if (closed.get()) {
      throw new BackendUnavailableException(name, "closed", false);
    }
    return shared.embed(request, deadline);
  }

  /** The shared fake's, until this view is closed. */
  @Override
  public io.infer4j.spi.BackendHealth health() {
    return closed.get() ? io.infer4j.spi.BackendHealth.closed("closed") : shared.health();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      for (Generation g : running) {
        g.close();
      }
      onClose.run();
    }
  }
}
