package io.infer4j.internal;

import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.FinishReason;
import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.RouteDecision;
import io.infer4j.StreamInterruptedException;
import io.infer4j.StructuredOutputException;
import io.infer4j.Timing;
import io.infer4j.TokenChunk;
import io.infer4j.Usage;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import io.infer4j.spi.PromptTokens;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Drives a {@link Generation} from the consumer's thread: enforces the deadline, measures time to
 * first visible token and total time, counts tokens, turns a failure after delivered text into
 * {@link StreamInterruptedException}, and assembles the response. Not API.
 *
 * <p><b>Deadline.</b> Checked between chunks on the consumer's thread, and watched by a {@link
 * DeadlineWatch}: when the budget runs out while the consumer waits (or does anything else), the
 * timer's thread closes the generation, which wakes the consumer, and tells {@code onExpired}
 * (the async future, which completes at once). The stream then ends with that {@link
 * DeadlineExceededException}, carrying exactly the text delivered before it; an answer that
 * completes after the watch expired ends with it too, so the stream and the future agree.
 */
final class GenerationStream implements InferenceStream {

  private final String backendName;
  private final InferenceRequest request;
  private final Generation generation;
  private final Deadline deadline;
  private final DeadlineWatch watch;
  private final Consumer<GenerationStream> onClose;
  private final Consumer<DeadlineExceededException> onExpired;

  // Written by the consumer only, under this lock, which the timer takes to read it.
  private final StringBuilder text = new StringBuilder();
  private DeadlineExceededException expired; // guarded by this; set once the watch expired
  private int chunkCount;
  private int tokenCount;
  private long firstTokenNanos = -1;
  private boolean iteratorTaken;
  private boolean done;
  private volatile boolean closed;
  private InferenceResponse response;
  private InferenceException failure;
  private final CallListeners listeners; // null when nobody listens
  /** What a deadline failure says of a budget from the configuration's defaults; null if none. */
  private final String budgetNote;

  GenerationStream(
      String backendName,
      InferenceRequest request,
      Generation generation,
      Deadline deadline,
      DeadlineWatch watch,
      Consumer<GenerationStream> onClose,
      Consumer<DeadlineExceededException> onExpired,
      CallListeners listeners,
      String budgetNote) {
    this.listeners = listeners;
    this.budgetNote = budgetNote;
    this.backendName = backendName;
    this.request = request;
    this.generation = generation;
    this.deadline = deadline;
    this.watch = watch;
    this.onClose = onClose;
    this.onExpired = onExpired;
  }

  /**
   * Takes over {@code watch}: from now on its expiry ends this stream.
   *
   * @throws DeadlineExceededException (and closes the stream) if it had expired already
   */
  void watchDeadline() {
    if (!watch.retarget(this::expire)) {
      throw fail(watch.error());
    }
  }

  @Override
  public Iterator<TokenChunk> iterator() {
    if (iteratorTaken) {
      throw new IllegalStateException("an InferenceStream can be iterated only once");
    }
    iteratorTaken = true;
    return new Iterator<>() {
      private TokenChunk pending;

      @Override
      public boolean hasNext() {
        if (pending == null) {
          pending = pull();
        }
        return pending != null;
      }

      @Override
      public TokenChunk next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        TokenChunk c = pending;
        pending = null;
        return c;
      }
    };
  }

  @Override
  public InferenceResponse response() {
    while (pull() != null) {
      // consume what the caller did not read
    }
    return response;
  }

  @Override
  public void close() {
    watch.stop();
    closed = true;
    generation.close();
    onClose.accept(this);
  }

  /** The next visible chunk, or null at the end (then {@code response} is set). */
  private TokenChunk pull() {
    if (failure != null) {
      throw failure;
    }
    while (!done) {
      DeadlineExceededException spentBefore = expiredError();
      if (spentBefore != null) {
        throw fail(spentBefore); // before closed: expiry closes an async stream too
      }
      if (closed) {
        finishCancelled();
        return null;
      }
      TokenChunk raw;
      try {
        // No partial text here: fail() attaches it, so a chunk costs no copy of the text so far.
        deadline.check(firstTokenNanos >= 0, "");
        raw = BackendCalls.next(generation, backendName);
      } catch (InferenceException e) {
        throw fail(orExpired(e)); // closing on expiry may make a backend throw: the deadline wins
      }
      DeadlineExceededException spent = expiredError();
      if (spent != null) {
        throw fail(spent);
      }
      if (raw == null) {
        if (closed) {
          finishCancelled();
        } else {
          finish();
        }
        return null;
      }
      try {
        deadline.check(firstTokenNanos >= 0, "");
      } catch (InferenceException e) {
        throw fail(orExpired(e));
      }
      tokenCount += raw.tokens();
      if (raw.text().isEmpty()) {
        continue; // tokens with no visible text (special tokens) are counted, not delivered
      }
      return deliver(raw);
    }
    return null;
  }

  /** Appends a visible chunk's text and numbers it, unless the watch expired first. */
  private TokenChunk deliver(TokenChunk raw) {
    if (firstTokenNanos < 0) {
      if (!watch.firstTokenSeen()) {
        throw fail(watch.error()); // the first token came as the budget ran out
      }
      firstTokenNanos = deadline.nanoClock().getAsLong();
      if (listeners != null) {
        listeners.firstChunk(Duration.ofNanos(firstTokenNanos - deadline.startNanos()));
      }
    }
    TokenChunk delivered = null;
    synchronized (this) {
      if (expired == null) {
        text.append(raw.text());
        delivered = new TokenChunk(chunkCount++, raw.text(), raw.tokens());
      }
    }
    if (delivered != null) {
      if (listeners != null) {
        listeners.chunk(delivered, elapsed());
      }
      return delivered;
    }
    throw fail(expiredError());
  }

  /**
   * On the timer's thread, when the budget runs out: records the error with the text delivered so
   * far, closes the generation (which wakes a consumer waiting in it) and tells {@code onExpired}.
   */
  private void expire(DeadlineExceededException e) {
    // A routed request's decision, taken before closing: the attempts still running were cut short
    DeadlineExceededException explained = (DeadlineExceededException) RouteExplaining.explain(generation, e);
    DeadlineExceededException withText;
    synchronized (this) {
      withText = (DeadlineExceededException) DefaultBudget.explain(
          text.length() > 0 ? explained.withPartialText(text.toString()) : explained, budgetNote);
      expired = withText;
    }
    try {
      generation.close();
    } catch (RuntimeException ignored) {
      // Generation#close must not throw; a backend bug here must not keep the caller waiting
    } finally {
      if (listeners != null) { // an asynchronous request's caller is told once they have heard
        listeners.failed(withText, elapsed());
        listeners.afterEnd(() -> onExpired.accept(withText));
      } else {
        onExpired.accept(withText);
      }
    }
  }

  private synchronized DeadlineExceededException expiredError() {
    return expired;
  }

  /** The deadline's error if the watch expired, else {@code e}. */
  private InferenceException orExpired(InferenceException e) {
    DeadlineExceededException spent = expiredError();
    return spent != null ? spent : e;
  }

  private InferenceException fail(InferenceException thrown) {
    boolean timerMade = thrown == expiredError() || thrown == watch.error();
    watch.stop();
    // A routed request's failure carries the decision, taken before closing cancels what runs.
    InferenceException e = RouteExplaining.explain(generation, thrown);
    generation.close();
    onClose.accept(this);
    InferenceException mapped = e;
    if (e instanceof DeadlineExceededException) {
      DeadlineExceededException d = (DeadlineExceededException) e;
      if (d.partialText().isEmpty() && text.length() > 0) {
        mapped = d.withPartialText(text.toString());
      }
    } else if (!(e instanceof StreamInterruptedException) && text.length() > 0) {
      InferenceException broken = new StreamInterruptedException(e.getMessage(), text.toString(), e);
      mapped = e.route().map(broken::withRoute).orElse(broken);
    }
    mapped = DefaultBudget.explain(mapped, budgetNote);
    if (timerMade) {
      // Made on the timer's thread (copies keep its frames), which say nothing of the call:
      // this thread's do.
      mapped.fillInStackTrace();
    }
    failure = mapped;
    done = true;
    if (listeners != null) {
      listeners.failed(mapped, elapsed());
      listeners.awaitEnd(); // the timer's thread may be telling them of the budget
    }
    return mapped;
  }

  private void finish() {
    if (!watch.stop()) {
      throw fail(orExpired(watch.error())); // the answer ended just after the budget ran out
    }
    GenerationResult result;
    RouteDecision route;
    try {
      result = generation.result();
      route = route(); // as the answer ended, before closing cancels what still runs
    } catch (InferenceException e) {
      throw fail(e);
    } catch (RuntimeException e) {
      throw fail(new BackendUnavailableException(backendName, "generation result failed: " + e, false, e));
    } finally {
      generation.close();
      onClose.accept(this);
    }
    if (result == null) {
      throw fail(new BackendUnavailableException(backendName, "backend gave no generation result", false));
    }
    long end = deadline.nanoClock().getAsLong();
    Usage usage = result.reportedUsage()
        .orElseGet(() -> Usage.counted(PromptTokens.estimate(request), tokenCount));
    // A timing model's prediction stays; a measured time is the caller's: from the moment the
    // client received the request (a backend's own clock starts at its last send, and under a
    // router at the serving attempt's start, after any fallback or hedge wait)
    Timing timing = result.backendTiming().filter(Timing::simulated)
        .orElseGet(() -> measured(end, usage.completionTokens()));
    if (result.device() != null) {
      timing = timing.on(result.device(), result.deviceCount());
    }
    String servedBy = servedBy();
    FinishReason finish = result.toolCalls().isEmpty() || result.finishReason() != FinishReason.STOP
        ? result.finishReason() : FinishReason.TOOL_CALLS;
    try {
      OutputCheck.check(request, text.toString(), result.toolCalls(), finish);
    } catch (StructuredOutputException e) {
      // Not a broken stream: the whole answer arrived, and it is not what was asked for.
      failure = RouteExplaining.of(generation).isPresent() ? e.withRoute(route) : e;
      done = true;
      if (listeners != null) {
        listeners.failed(failure, elapsed());
      }
      throw failure;
    }
    response = new InferenceResponse(text.toString(), finish, usage, timing, servedBy,
        result.model(), route, result.toolCalls());
    done = true;
    if (listeners != null) {
      listeners.ended(response);
    }
  }

  private void finishCancelled() {
    watch.stop();
    long end = deadline.nanoClock().getAsLong();
    Usage usage = Usage.counted(PromptTokens.estimate(request), tokenCount);
    GenerationResult partial = null;
    try {
      partial = generation.cancelled().orElse(null);
    } catch (RuntimeException e) {
      // what the backend knows of a cancelled generation is a courtesy: report without it
    }
    String model = partial != null && !partial.model().isEmpty()
        ? partial.model() : request.requestedModel().orElse("");
    response = new InferenceResponse(text.toString(), FinishReason.CANCELLED, usage,
        measured(end, tokenCount), servedBy(), model, route());
    done = true;
    if (listeners != null) {
      listeners.ended(response);
    }
  }

  /** The router's decision so far for a routed generation (see {@link RouteExplaining}), else direct. */
  private RouteDecision route() {
    return RouteExplaining.of(generation).map(RouteExplaining::decisionSoFar)
        .orElseGet(() -> RouteDecision.direct(backendName));
  }

  /** The instance that served: a routed generation's choice once it has one, else this backend. */
  private String servedBy() {
    return RouteExplaining.of(generation).flatMap(RouteExplaining::servedBy).orElse(backendName);
  }

  private Duration elapsed() {
    return Duration.ofNanos(Math.max(0, deadline.nanoClock().getAsLong() - deadline.startNanos()));
  }

  private Timing measured(long endNanos, int completionTokens) {
    long start = deadline.startNanos();
    Duration total = Duration.ofNanos(Math.max(0, endNanos - start));
    Duration ttft = firstTokenNanos < 0 ? total : Duration.ofNanos(Math.max(0, firstTokenNanos - start));
    return Timing.of(ttft, total, completionTokens, false);
  }
}
