package io.infer4j.remote.internal;

import io.infer4j.FinishReason;
import io.infer4j.InferenceRequest;
import io.infer4j.TokenChunk;
import io.infer4j.ToolCall;
import io.infer4j.Usage;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import io.infer4j.spi.PromptTokens;
import java.io.IOException;
import java.util.List;

/**
 * One request to a remote backend, read on the consumer's thread: its HTTP attempts, their waits
 * and retries are {@link Attempts}'; this class turns the events of the attempt being read into
 * chunks (visible text), tool calls (assembled from their fragments, {@link ToolCallAssembly}) and
 * the result. Tool-call fragments make no chunks: an answer that only calls tools has none, and
 * its first visible token never comes (its time to first token is its total time, and the limits
 * before the first token apply to the whole answer).
 *
 * <p>The router's latency observations ({@code engine.latency()}) are the server's times, on the
 * monotonic clock from the moment the serving attempt's request started to be written, to the
 * first visible content token and to the end; the response's timing is the SDK's, the caller's
 * wait.
 *
 * <p>{@link #next()} and {@link #result()} are called by one consumer thread; {@link #close()}
 * from any thread.
 */
final class RemoteGeneration implements Generation {

  /**
   * Text events read past {@code maxTokens} before a stream is cut. A server sends at most one
   * text event per generated token, so one that goes on past max-tokens ignores the request (or
   * never ends); the margin keeps a server whose events and tokens do not match one to one from
   * being cut short. The cut answer ends with {@link FinishReason#LENGTH}, what the request asked
   * for, and its connection is closed. Tool-call fragments count as text events.
   */
  static final int EXTRA_TEXT_EVENTS = 16;

  private final RemoteEngine engine;
  private final InferenceRequest request;
  private final Deadline deadline;
  private final String model;
  private final Attempts attempts;

  private final StringBuilder partial = new StringBuilder();
  private final ToolCallAssembly toolCalls = new ToolCallAssembly();
  private int chunkIndex;
  private int visibleChunks;
  private int toolCallEvents;
  private long firstTokenNanos = -1;
  private String finishWire;
  private String stopReason;
  private Usage usage;
  private String servedModel;
  private GenerationResult result;

  RemoteGeneration(RemoteEngine engine, InferenceRequest request, Deadline deadline, String model) {
    this(engine, request, deadline, model, io.infer4j.spi.AttemptObserver.NONE);
  }

  /** Reports retries to {@code observer}. */
  RemoteGeneration(RemoteEngine engine, InferenceRequest request, Deadline deadline, String model,
      io.infer4j.spi.AttemptObserver observer) {
    this.engine = engine;
    this.request = request;
    this.deadline = deadline;
    this.model = model;
    this.attempts = new Attempts(engine, engine.chat(request, model), deadline, observer);
  }

  /** Sends the first attempt now, so connecting overlaps whatever the caller does next. */
  RemoteGeneration open() {
    attempts.begin();
    return this;
  }

  @Override
  public TokenChunk next() {
    while (result == null && !attempts.isClosed()) {
      Attempt a = attempts.current();
      StreamEvent e = attempts.poll(a, firstTokenSeen(), partial);
      if (e == null) {
        continue; // woke early, or closed
      }
      TokenChunk chunk = handle(a, e);
      if (chunk != null) {
        return chunk;
      }
    }
    return null;
  }

  private TokenChunk handle(Attempt a, StreamEvent e) {
    if (e instanceof StreamEvent.Payload) {
      StreamEvent.Payload p = (StreamEvent.Payload) e;
      ParsedChunk c;
      try {
        c = engine.parser().parse(p.json());
      } catch (IOException ex) {
        fail(a, engine.errors().malformed("malformed JSON in the response: " + shortMessage(ex), true));
        return null;
      }
      if (c.error() != null) {
        fail(a, engine.errors().inStream(c.error()));
        return null;
      }
      absorb(c);
      boolean calls = !c.toolCalls().isEmpty();
      if (c.text().isEmpty() && !calls) {
        return null;
      }
      if (!p.whole()
          && visibleChunks + toolCallEvents >= (long) request.sampling().maxTokens() + EXTRA_TEXT_EVENTS) {
        cut(a);
        return null;
      }
      if (calls) {
        c.toolCalls().forEach(toolCalls::add);
        toolCallEvents++;
      }
      if (c.text().isEmpty()) {
        return null;
      }
      if (firstTokenNanos < 0) {
        firstTokenNanos = p.atNanos();
      }
      partial.append(c.text());
      visibleChunks++;
      int tokens = p.whole()
          ? (usage != null ? usage.completionTokens() : Math.max(1, (c.text().length() + 3) / 4))
          : 1;
      return new TokenChunk(chunkIndex++, c.text(), tokens);
    }
    if (e instanceof StreamEvent.End) {
      finish(a, (StreamEvent.End) e);
      return null;
    }
    if (e instanceof StreamEvent.Failed) {
      fail(a, ((StreamEvent.Failed) e).failure());
    }
    return null; // Wake: loop re-checks closed
  }

  private static String shortMessage(IOException ex) {
    String m = String.valueOf(ex.getMessage());
    int nl = m.indexOf('\n');
    return nl > 0 ? m.substring(0, nl) : m;
  }

  private boolean firstTokenSeen() {
    return firstTokenNanos >= 0;
  }

  private void absorb(ParsedChunk c) {
    if (c.finishReason() != null) {
      finishWire = c.finishReason();
    }
    if (c.stopReason() != null) {
      stopReason = c.stopReason();
    }
    if (c.usage() != null) {
      usage = c.usage(); // the last report wins: final usage chunk, or cumulative (NIM)
    }
    if (c.model() != null && !c.model().isBlank()) {
      servedModel = c.model();
    }
  }

  /** Attempt {@code a} failed: the tool calls it began are dropped, and it is retried or not. */
  private void fail(Attempt a, AttemptFailure f) {
    toolCalls.clear();
    attempts.failed(a, f, firstTokenSeen(), partial);
  }

  /** Ends a stream that went on past max-tokens: the answer so far, with finish reason length. */
  private void cut(Attempt a) {
    a.cancel();
    attempts.log(a, "cut: more than max-tokens " + request.sampling().maxTokens() + " + "
        + EXTRA_TEXT_EVENTS + " text events; the answer so far is returned (finish reason length)");
    finishWire = "length";
    finish(a, new StreamEvent.End(false, engine.nowNanos()));
  }

  private void finish(Attempt a, StreamEvent.End end) {
    attempts.succeeded(a);
    int nameless = toolCalls.firstNameless();
    if (nameless >= 0) {
      throw engine.errors().malformed("tool call " + nameless + " of the response has no function"
          + " name", false).error();
    }
    List<ToolCall> calls = toolCalls.calls();
    FinishReason reason =
        FinishReasons.map(finishWire, stopReason, request.sampling().stop(), end.sawDone());
    if (reason == FinishReason.TOOL_CALLS && calls.isEmpty()) {
      reason = FinishReason.STOP; // "tool_calls" and none came: TOOL_CALLS promises calls to run
    } else if (reason == FinishReason.STOP && !calls.isEmpty()) {
      reason = FinishReason.TOOL_CALLS; // some servers say "stop" after calls
    }
    long written = a.writtenAtNanos() == Long.MIN_VALUE ? deadline.startNanos() : a.writtenAtNanos();
    long endNanos = Math.max(written, end.atNanos());
    long firstNanos = firstTokenSeen() ? Math.max(written, firstTokenNanos) : endNanos;
    // Without usage, one token per text event and per tool-call fragment.
    int completion = usage != null ? usage.completionTokens() : visibleChunks + toolCallEvents;
    if (firstTokenSeen()) { // the router learns the server's own times, from the last send
      int promptTokens = usage != null ? usage.promptTokens() : PromptTokens.estimate(request);
      engine.latency().observe(promptTokens, firstNanos - written, completion, endNanos - firstNanos);
    }
    String served = servedModel != null ? servedModel : (model != null ? model : "");
    if (usage != null) { // only reported counts are priced; the SDK's estimate is not
      Usage counts = usage;
      usage = engine.settings().priceFor(model, servedModel).map(p -> counts.withCost(p.costOf(counts)))
          .orElse(counts);
    }
    // no timing of its own: the SDK measures the caller's, from the moment the client got the
    // request (retries and backoff included)
    result = GenerationResult.of(reason, served).withUsage(usage).withToolCalls(calls);
  }

  @Override
  public GenerationResult result() {
    if (result == null) {
      throw new IllegalStateException("result() before the end of the generation");
    }
    return result;
  }

  @Override
  public void close() {
    attempts.close();
  }
}
