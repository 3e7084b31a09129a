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
import io.infer4j.Timing;
import io.infer4j.TokenChunk;
import io.infer4j.Usage;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Drives a {@link Generation} from the consumer's thread: enforces the deadline between chunks,
 * measures time to first visible token and total time, counts tokens, turns a failure after
 * delivered text into {@link StreamInterruptedException}, and assembles the response. Not API.
 */
final class GenerationStream implements InferenceStream {

  private final String backendName;
  private final InferenceRequest request;
  private final Generation generation;
  private final Deadline deadline;
  private final java.util.function.Consumer<GenerationStream> onClose;

  private final StringBuilder text = new StringBuilder();
  private int chunkCount;
  private int tokenCount;
  private long firstTokenNanos = -1;
  private boolean iteratorTaken;
  private boolean done;
  private volatile boolean closed;
  private InferenceResponse response;
  private InferenceException failure;

  GenerationStream(
      String backendName,
      InferenceRequest request,
      Generation generation,
      Deadline deadline,
      java.util.function.Consumer<GenerationStream> onClose) {
    this.backendName = backendName;
    this.request = request;
    this.generation = generation;
    this.deadline = deadline;
    this.onClose = onClose;
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
      if (closed) {
        finishCancelled();
        return null;
      }
      TokenChunk raw;
      try {
        // No partial text here: fail() attaches it, so a chunk costs no copy of the text so far.
        deadline.check(firstTokenNanos >= 0, "");
        raw = BackendCalls.next(generation, backendName);
        if (raw != null) {
          deadline.check(firstTokenNanos >= 0, "");
        }
      } catch (InferenceException e) {
        throw fail(e);
      }
      if (raw == null) {
        if (closed) {
          finishCancelled();
        } else {
          finish();
        }
        return null;
      }
      tokenCount += raw.tokens();
      if (raw.text().isEmpty()) {
        continue; // tokens with no visible text (special tokens) are counted, not delivered
      }
      if (firstTokenNanos < 0) {
        firstTokenNanos = deadline.nanoClock().getAsLong();
      }
      text.append(raw.text());
      return new TokenChunk(chunkCount++, raw.text(), raw.tokens());
    }
    return null;
  }

  private InferenceException fail(InferenceException e) {
    generation.close();
    onClose.accept(this);
    InferenceException mapped = e;
    if (e instanceof DeadlineExceededException) {
      DeadlineExceededException d = (DeadlineExceededException) e;
      if (d.partialText().isEmpty() && text.length() > 0) {
        mapped = d.withPartialText(text.toString());
      }
    } else if (!(e instanceof StreamInterruptedException) && text.length() > 0) {
      mapped = new StreamInterruptedException(e.getMessage(), text.toString(), e);
    }
    failure = mapped;
    done = true;
    return mapped;
  }

  private void finish() {
    GenerationResult result;
    try {
      result = generation.result();
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
    Timing timing = result.backendTiming().orElseGet(() -> measured(end, usage.completionTokens()));
    if (result.device() != null) {
      timing = timing.on(result.device(), result.deviceCount());
    }
    RouteDecision route = result.route() != null ? result.route() : RouteDecision.direct(backendName);
    String servedBy = result.servedBy() != null ? result.servedBy() : backendName;
    response = new InferenceResponse(
        text.toString(), result.finishReason(), usage, timing, servedBy, result.model(), route);
    done = true;
  }

  private void finishCancelled() {
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
    RouteDecision route = partial != null && partial.route() != null
        ? partial.route() : RouteDecision.direct(backendName);
    String servedBy = partial != null && partial.servedBy() != null ? partial.servedBy() : backendName;
    response = new InferenceResponse(
        text.toString(), FinishReason.CANCELLED, usage, measured(end, tokenCount), servedBy, model, route);
    done = true;
  }

  private Timing measured(long endNanos, int completionTokens) {
    long start = deadline.startNanos();
    Duration total = Duration.ofNanos(Math.max(0, endNanos - start));
    Duration ttft = firstTokenNanos < 0 ? total : Duration.ofNanos(Math.max(0, firstTokenNanos - start));
    return Timing.of(ttft, total, completionTokens, false);
  }
}
