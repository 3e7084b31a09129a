package io.infer4j.internal;

import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.EmbeddingRequest;
import io.infer4j.EmbeddingResponse;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceException;
import io.infer4j.InferenceListener;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.InvalidRequestException;
import io.infer4j.LatencyBudget;
import io.infer4j.UnsupportedCapabilityException;
import io.infer4j.spi.AttemptObserver;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.PromptTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The {@link InferenceClient} over one {@link Backend}: checks the deadline, starts the budget,
 * and gives the blocking, async and streaming forms on top of the backend's pull-based {@link
 * Generation}. Not API: obtain clients from {@code InferenceClients}.
 */
public final class BackendClient implements InferenceClient {

  private final String name;
  private final Backend backend;
  private final LongSupplier nanoClock;
  private final Clock wallClock;
  private final AtomicBoolean closed;
  /** Streams started and not yet closed; {@link #close()} cancels them before the backend goes. */
  private final Set<GenerationStream> open;
  private final List<InferenceListener.Factory> listeners;
  /** The budget parts a request leaves unset are filled from these (configuration's defaults). */
  private final DefaultBudget defaults;

  public BackendClient(String name, Backend backend) {
    this(name, backend, System::nanoTime, Clock.systemUTC());
  }

  public BackendClient(String name, Backend backend, LongSupplier nanoClock, Clock wallClock) {
    this(name, backend, nanoClock, wallClock, List.of());
  }

  public BackendClient(String name, Backend backend, LongSupplier nanoClock, Clock wallClock,
      List<InferenceListener.Factory> listeners) {
    this(name, backend, nanoClock, wallClock, listeners, DefaultBudget.NONE, new AtomicBoolean(),
        ConcurrentHashMap.newKeySet());
  }

  private BackendClient(String name, Backend backend, LongSupplier nanoClock, Clock wallClock,
      List<InferenceListener.Factory> listeners, DefaultBudget defaults, AtomicBoolean closed,
      Set<GenerationStream> open) {
    this.name = Objects.requireNonNull(name, "name");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    this.listeners = List.copyOf(listeners);
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.closed = closed;
    this.open = open;
  }

  /**
   * This client with one more listener: the same backend, open streams and closed state (closing
   * either closes both).
   */
  public BackendClient withListener(InferenceListener.Factory factory) {
    Objects.requireNonNull(factory, "factory");
    List<InferenceListener.Factory> more = new java.util.ArrayList<>(listeners);
    more.add(factory);
    return new BackendClient(name, backend, nanoClock, wallClock, more, defaults, closed, open);
  }

  /**
   * This client filling the budget parts each request leaves unset from {@code budget} ({@link
   * DefaultBudget#fill}): the same backend, listeners, open streams and closed state.
   */
  public BackendClient withDefaultBudget(DefaultBudget budget) {
    return new BackendClient(name, backend, nanoClock, wallClock, listeners, budget, closed, open);
  }

  /** The defaults this client fills a request's budget from. */
  public DefaultBudget defaultBudget() {
    return defaults;
  }

  /** The listener factories of this client, in order. */
  public List<InferenceListener.Factory> listeners() {
    return listeners;
  }

  /** The listeners of a request starting now; null when nobody listens. */
  private CallListeners listen(InferenceRequest request, EmbeddingRequest embedding, boolean streamed) {
    if (listeners.isEmpty()) {
      return null;
    }
    Instant now = wallClock.instant();
    LatencyBudget budget = request != null ? request.budget() : embedding.budget();
    Instant deadline = budget.deadline();
    if (budget.total() != null) {
      Instant byTotal = now.plus(budget.total());
      deadline = deadline == null || byTotal.isBefore(deadline) ? byTotal : deadline;
    }
    InferenceListener.Operation op = embedding != null ? InferenceListener.Operation.EMBEDDINGS
        : request.isRawPrompt() ? InferenceListener.Operation.TEXT_COMPLETION
        : InferenceListener.Operation.CHAT;
    return CallListeners.start(listeners,
        new InferenceListener.Call(op, name, request, embedding, streamed, now, deadline));
  }

  /** {@code admit}, telling the listeners when the request is refused. */
  private Deadline admit(InferenceRequest request, CallListeners heard) {
    try {
      return admit(request);
    } catch (InferenceException e) {
      if (heard != null) {
        heard.failed(e, Duration.ZERO);
      }
      throw e;
    }
  }

  /** The backend behind this client. */
  public Backend backend() {
    return backend;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public InferenceResponse generate(InferenceRequest asked) {
    InferenceRequest request = defaults.fill(Objects.requireNonNull(asked, "request"));
    CallListeners heard = listen(request, null, false);
    Deadline deadline = admit(request, heard);
    try (InferenceStream stream = start(request, deadline,
        DeadlineWatch.start(deadline, spent -> { }), spent -> { }, heard, note(asked, request))) {
      return stream.response();
    }
  }

  @Override
  public InferenceStream stream(InferenceRequest asked) {
    InferenceRequest request = defaults.fill(Objects.requireNonNull(asked, "request"));
    CallListeners heard = listen(request, null, true);
    Deadline deadline = admit(request, heard);
    return start(request, deadline, DeadlineWatch.start(deadline, spent -> { }), spent -> { }, heard,
        note(asked, request));
  }

  @Override
  public CompletableFuture<InferenceResponse> generateAsync(InferenceRequest request) {
    return generateAsync(request, AsyncExecutor.POOL);
  }

  @Override
  public CompletableFuture<InferenceResponse> generateAsync(
      InferenceRequest asked, Executor executor) {
    Objects.requireNonNull(executor, "executor");
    InferenceRequest request = defaults.fill(Objects.requireNonNull(asked, "request"));
    CallListeners heard = listen(request, null, false);
    Deadline deadline;
    try {
      deadline = admit(request, heard);
    } catch (InferenceException e) {
      return CompletableFuture.failedFuture(e);
    }
    CancellableResponseFuture future = new CancellableResponseFuture();
    if (heard != null) {
      // Ends that no stream sees: the budget or a cancel before the task started it.
      future.whenComplete((r, t) -> {
        Duration took = deadline.elapsed();
        if (t instanceof InferenceException e) {
          heard.failed(e, took);
        } else if (t != null) {
          heard.ended(new InferenceResponse("", io.infer4j.FinishReason.CANCELLED,
              io.infer4j.Usage.counted(PromptTokens.estimate(request), 0),
              io.infer4j.Timing.of(took, took, 0, false), name,
              request.requestedModel().orElse(""), io.infer4j.RouteDecision.direct(name)));
        }
      });
    }
    // Until the task starts the stream, the budget running out fails the future (a task still
    // queued behind a busy executor included), the listeners told first; then the stream takes
    // the watch over.
    String note = note(asked, request);
    DeadlineWatch watch = DeadlineWatch.start(deadline, expired -> {
      InferenceException spent = DefaultBudget.explain(expired, note);
      if (heard != null) {
        heard.failed(spent, deadline.elapsed());
        heard.afterEnd(() -> future.completeExceptionally(spent));
      } else {
        future.completeExceptionally(spent);
      }
    });
    future.watch(watch);
    Runnable task = () -> {
      if (future.isDone()) {
        return;
      }
      try (InferenceStream stream =
          start(request, deadline, watch, future::completeExceptionally, heard, note)) {
        if (future.attach(stream)) {
          future.complete(stream.response());
        }
      } catch (Throwable t) {
        future.completeExceptionally(t);
      }
    };
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(new BackendUnavailableException(
          name, "the executor rejected the request (" + e.getMessage() + ")", true, e));
    }
    if (executor instanceof ThreadPoolExecutor) {
      // A request that ends before its task ran (deadline, cancel) frees its place in the queue.
      ThreadPoolExecutor pool = (ThreadPoolExecutor) executor;
      future.whenComplete((response, failure) -> pool.remove(task));
    }
    return future;
  }

  /** What a deadline failure of {@code filled} says of the defaults it took; null if none. */
  private static String note(InferenceRequest asked, InferenceRequest filled) {
    return asked == filled ? null : DefaultBudget.note(asked.budget(), filled.budget());
  }

  /** Validates what depends on the time of the call and starts the budget. */
  private Deadline admit(InferenceRequest request) {
    Objects.requireNonNull(request, "request");
    if (closed.get()) {
      throw new BackendUnavailableException(name, "client is closed", false);
    }
    Instant deadline = request.budget().deadline();
    if (deadline != null && !deadline.isAfter(wallClock.instant())) {
      throw new InvalidRequestException(
          "budget.deadline", "is not in the future: " + deadline + " (now " + wallClock.instant() + ")");
    }
    requireCapabilities(request.requiredCapabilities());
    return Deadline.start(request.budget(), nanoClock, wallClock);
  }

  /** Refuses, before any work, a request needing what the backend cannot do. */
  private void requireCapabilities(Set<Capability> needed) {
    Set<Capability> has = backend.capabilities();
    for (Capability c : needed) {
      if (!has.contains(c)) {
        throw new UnsupportedCapabilityException(name, c, "the request needs it; this backend has "
            + has.stream().map(Enum::name).sorted().collect(java.util.stream.Collectors.joining(", ")));
      }
    }
  }

  /**
   * Embeds on the backend, within the request's budget (checked when the backend returns; a
   * backend honours the deadline in its own waits).
   */
  @Override
  public EmbeddingResponse embed(EmbeddingRequest asked) {
    EmbeddingRequest request = defaults.fill(Objects.requireNonNull(asked, "request"));
    CallListeners heard = listen(null, request, false);
    long start = nanoClock.getAsLong();
    try {
      EmbeddingResponse r = embedOnce(request);
      if (heard != null) {
        heard.embedded(r, Duration.ofNanos(nanoClock.getAsLong() - start));
      }
      return r;
    } catch (InferenceException e) {
      InferenceException failure = asked == request ? e
          : DefaultBudget.explain(e, DefaultBudget.note(asked.budget(), request.budget()));
      if (heard != null) {
        heard.failed(failure, Duration.ofNanos(nanoClock.getAsLong() - start));
      }
      throw failure;
    }
  }

  private EmbeddingResponse embedOnce(EmbeddingRequest request) {
    if (closed.get()) {
      throw new BackendUnavailableException(name, "client is closed", false);
    }
    requireCapabilities(EnumSet.of(Capability.EMBEDDINGS));
    Instant at = request.budget().deadline();
    if (at != null && !at.isAfter(wallClock.instant())) {
      throw new InvalidRequestException(
          "budget.deadline", "is not in the future: " + at + " (now " + wallClock.instant() + ")");
    }
    Deadline deadline = Deadline.start(request.budget(), nanoClock, wallClock);
    EmbeddingResponse r;
    try {
      r = backend.embed(request, deadline);
    } catch (InferenceException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BackendUnavailableException(name, "embedding failed: " + e, false, e);
    }
    if (r == null || r.embeddings().size() != request.inputs().size()) {
      throw new BackendUnavailableException(name, "backend returned " + (r == null ? "no response"
          : r.embeddings().size() + " vectors for " + request.inputs().size() + " inputs"), false);
    }
    deadline.check(true, "");
    return !r.backend().isEmpty() ? r
        : new EmbeddingResponse(r.embeddings(), r.model(), r.promptTokens(), name);
  }

  /**
   * Starts the generation and its stream, which takes {@code watch} over (stopped here if the
   * start fails); {@code onExpired} is told when the budget runs out, on the timer's thread.
   */
  private InferenceStream start(InferenceRequest request, Deadline deadline, DeadlineWatch watch,
      Consumer<DeadlineExceededException> onExpired, CallListeners heard, String budgetNote) {
    Generation generation;
    try {
      deadline.check(false, "");
      generation = BackendCalls.start(backend, name, request, deadline,
          heard == null ? AttemptObserver.NONE : heard);
    } catch (InferenceException e) {
      watch.stop();
      InferenceException failure = DefaultBudget.explain(e, budgetNote);
      if (heard != null) {
        heard.failed(failure, deadline.elapsed());
      }
      throw failure;
    } catch (RuntimeException | Error e) {
      watch.stop();
      throw e;
    }
    GenerationStream stream = new GenerationStream(
        name, request, generation, deadline, watch, open::remove, onExpired, heard, budgetNote);
    open.add(stream);
    if (closed.get()) {
      // close() ran while this request was starting: do not hand out work on a closed backend.
      stream.close();
      throw new BackendUnavailableException(name, "client is closed", false);
    }
    stream.watchDeadline();
    return stream;
  }

  /**
   * Cancels the streams still open (their responses end {@code CANCELLED}), then closes the
   * backend.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      for (GenerationStream stream : open) {
        stream.close();
      }
      backend.close();
    }
  }

  /** Whether {@link #close()} was called (on this client or one sharing its state). */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * The backend's health; {@code CLOSED} once this client is. A backend whose {@code health()}
   * throws is reported {@code DOWN} with the failure as the reason, so a probe never fails.
   */
  public io.infer4j.spi.BackendHealth health() {
    if (closed.get()) {
      return io.infer4j.spi.BackendHealth.closed("client is closed");
    }
    try {
      return Objects.requireNonNull(backend.health(), "health()");
    } catch (RuntimeException e) {
      return io.infer4j.spi.BackendHealth.down("health() of " + backend.getClass().getName()
          + " failed: " + e);
    }
  }

  @Override
  public String toString() {
    return "InferenceClient[" + name + "]";
  }

  /**
   * A future that closes the stream behind it whenever it completes from outside the worker:
   * {@code cancel}, {@code completeExceptionally} (e.g. {@code orTimeout}), or an early
   * {@code complete}. Cancelling a dependent stage does not reach it (as with any
   * CompletableFuture).
   */
  private static final class CancellableResponseFuture extends CompletableFuture<InferenceResponse> {
    private InferenceStream stream;
    private DeadlineWatch watch;

    /** The request's deadline watch, stopped when this future completes first. */
    synchronized void watch(DeadlineWatch w) {
      watch = w;
    }

    /** Returns false (and closes the stream) when already completed. */
    synchronized boolean attach(InferenceStream s) {
      if (isDone()) {
        s.close();
        return false;
      }
      stream = s;
      return true;
    }

    private void closeStream() {
      InferenceStream s;
      DeadlineWatch w;
      synchronized (this) {
        s = stream;
        w = watch;
      }
      if (w != null) {
        w.stop();
      }
      if (s != null) {
        s.close();
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      closeStream();
      return cancelled;
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
      boolean completed = super.completeExceptionally(ex);
      closeStream();
      return completed;
    }

    @Override
    public boolean complete(InferenceResponse value) {
      boolean completed = super.complete(value);
      closeStream();
      return completed;
    }
  }
}
