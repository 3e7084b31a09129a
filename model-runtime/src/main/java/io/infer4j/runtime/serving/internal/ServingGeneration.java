package io.infer4j.runtime.serving.internal;

import io.infer4j.DeadlineExceededException;
import io.infer4j.FinishReason;
import io.infer4j.Sampling;
import io.infer4j.TokenChunk;
import io.infer4j.Usage;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.Sampler;
import io.infer4j.runtime.TextDecoder;
import io.infer4j.runtime.internal.chat.ToolCallReader;
import io.infer4j.runtime.internal.structured.OutputConstraint;
import io.infer4j.runtime.internal.structured.TokenBytes;
import io.infer4j.runtime.serving.ServingHook;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * One request running on a model: the first {@link #next()} runs the prompt through a new session
 * (checking {@code close()} and the deadline between prompt tokens), then every {@code next()} runs
 * one forward step, samples one token and returns its text (held back while it may be the start of
 * a stop string or of a multi-byte character). Ends on BOS, an end-of-generation token ({@link
 * io.infer4j.runtime.Tokenizer#endOfGenerationIds}: EOS, llama.cpp's end-of-turn set) or the chat
 * template's end of turn (STOP), a
 * stop string (STOP_SEQUENCE), {@code maxTokens} (LENGTH), or when prompt plus completion fill the
 * context (CONTEXT_LENGTH).
 *
 * <p>With an {@link AnswerShape} that constrains the answer, each step's logits are masked before
 * sampling so that only tokens that keep the text a prefix of a valid document remain (end
 * tokens only where the document may end, and steered towards the end as {@code maxTokens} or
 * the context runs out); once the document is complete the answer ends (STOP) without another
 * step. If no token fits at all (a vocabulary that cannot spell the rest) it ends STOP too, and
 * the client's check reports the incomplete document. With tools, the text is read for calls as
 * it streams: a call's text is held back, and when the answer ends the calls go on the result
 * (TOOL_CALLS) or, if they do not parse, the held text is delivered.
 *
 * <p>Driven by one thread; {@link #close()} may come from any thread and makes the next {@code
 * next()} return {@code null} (a forward step under way finishes first). The model is released
 * (through the release callback) once, when the generation ends or is closed and no step runs.
 */
public final class ServingGeneration implements Generation {
  private final String modelName;
  private final io.infer4j.runtime.serving.Sequence session;
  private final Sampler sampler;
  private final int[] prompt;
  private final int[] stopIds;
  private final int maxTokens;
  private final int context;
  private final TextDecoder decoder;
  private final StopStrings stops;
  private final Deadline deadline;
  private final ServingHook hook;
  private final DeadlinePause pause;
  private final Runnable release;
  private final OutputConstraint constraint; // null: free text
  private final ToolCallReader calls; // null: not read for tool calls
  private final StringBuilder delivered = new StringBuilder();
  private final Object lock = new Object();

  private volatile boolean closed;
  private boolean running;
  private boolean released;
  private boolean prefilled;
  private int last;
  private int generated;
  private int steps;
  private int chunkIndex;
  private FinishReason finish;
  private String tail;
  private List<io.infer4j.ToolCall> toolCalls = List.of();

  /**
   * @param release called once when the generation no longer uses the model
   * @param shape the answer's constraint and tool-call reading
   * @param vocabulary the model's token bytes (asked for only when the answer is constrained)
   */
  public ServingGeneration(
      LlamaModel model,
      String modelName,
      EncodedPrompt prompt,
      Sampling sampling,
      Deadline deadline,
      ServingHook hook,
      io.infer4j.runtime.serving.SequenceEngine engine,
      Runnable release,
      AnswerShape shape,
      Supplier<TokenBytes> vocabulary) {
    this.modelName = modelName;
    this.prompt = prompt.ids();
    this.maxTokens = sampling.maxTokens();
    this.context = model.config().contextLength();
    this.sampler = SamplerChoice.of(sampling);
    int bos = model.tokenizer().bosId();
    int eos = model.tokenizer().eosId();
    this.stopIds = IntStream.concat(IntStream.of(bos, eos), IntStream.concat(
            model.tokenizer().endOfGenerationIds().stream().mapToInt(Integer::intValue),
            Arrays.stream(prompt.endOfTurn())))
        .distinct().sorted().toArray();
    this.decoder = TextDecoder.utf8(model.tokenizer());
    this.decoder.follow(this.prompt[this.prompt.length - 1]);
    this.stops = new StopStrings(sampling.stop());
    this.deadline = deadline;
    this.hook = hook;
    this.pause = new DeadlinePause(deadline, () -> delivered.length() > 0, delivered::toString);
    this.release = release;
    int[] ends = IntStream.concat(
            model.tokenizer().endOfGenerationIds().stream().mapToInt(Integer::intValue),
            Arrays.stream(prompt.endOfTurn()))
        .distinct().sorted().toArray();
    this.constraint = shape.grammar()
        .map(g -> g.start(vocabulary.get(), model.config().vocabSize(), ends, stopIds))
        .orElse(null);
    this.calls = shape.reader().orElse(null);
    this.session = engine.open();
  }

  @Override
  public TokenChunk next() {
    synchronized (lock) {
      if (closed) {
        releaseOnce();
        return null;
      }
      running = true;
    }
    try {
      return step();
    } catch (RuntimeException e) {
      synchronized (lock) {
        releaseOnce();
      }
      throw e;
    } finally {
      synchronized (lock) {
        running = false;
        if (closed) {
          releaseOnce();
        }
      }
    }
  }

  /** Prompt tokens run between two checks of the deadline and of close(). */
  private static final int PREFILL_RUN = 32;

  private TokenChunk step() {
    if (finish != null) {
      return drainTail();
    }
    if (constraint != null && constraint.complete()) {
      end(FinishReason.STOP);
      return drainTail();
    }
    FinishReason limit = limitReached();
    if (limit != null) {
      end(limit);
      return drainTail();
    }
    if (!prefilled && !prefill()) {
      return null;
    }
    checkDeadline();
    float[] logits = session.forward(last);
    if (constraint != null) {
      int remaining = Math.min(maxTokens - generated, context - prompt.length - generated);
      if (!constraint.mask(logits, last, remaining)) {
        end(FinishReason.STOP);
        return drainTail();
      }
    }
    int token = sampler.sample(logits);
    hook.stepDone(prompt.length, steps++, pause);
    if (closed) {
      return null;
    }
    if (Arrays.binarySearch(stopIds, token) >= 0) {
      end(FinishReason.STOP);
      return drainTail();
    }
    if (constraint != null) {
      constraint.accept(last, token);
    }
    generated++;
    last = token;
    StopStrings.Step s = stops.accept(decoder.next(token));
    String text = calls == null ? s.text() : calls.accept(s.text());
    if (s.stopped()) {
      finish = FinishReason.STOP_SEQUENCE;
      tail = readCalls("");
      synchronized (lock) {
        releaseOnce();
      }
    }
    return chunk(text, 1);
  }

  /**
   * The end of the answer for the tool-call reader: passes it {@code text} (the answer's last
   * piece) and returns what is to be delivered; calls found make the finish TOOL_CALLS.
   */
  private String readCalls(String text) {
    if (calls == null) {
      return text;
    }
    String out = calls.accept(text);
    ToolCallReader.Result r = calls.finish();
    if (!r.calls().isEmpty()) {
      toolCalls = r.calls();
      finish = FinishReason.TOOL_CALLS;
    }
    return out + r.text();
  }

  /**
   * Runs the prompt but its last token, in runs of {@link #PREFILL_RUN} tokens (batched by the
   * vector kernels) with the deadline and close checked between runs; false if closed meanwhile.
   */
  private boolean prefill() {
    for (int i = 0; i < prompt.length - 1; i += PREFILL_RUN) {
      if (closed) {
        return false;
      }
      checkDeadline();
      session.forward(prompt, i, Math.min(PREFILL_RUN, prompt.length - 1 - i));
    }
    last = prompt[prompt.length - 1];
    prefilled = true;
    return true;
  }

  private FinishReason limitReached() {
    if (generated >= maxTokens) {
      return FinishReason.LENGTH;
    }
    if (prompt.length + generated >= context) {
      return FinishReason.CONTEXT_LENGTH;
    }
    return null;
  }

  private void checkDeadline() {
    try {
      deadline.check(delivered.length() > 0, "");
    } catch (DeadlineExceededException e) {
      throw e.withPartialText(delivered.toString());
    }
  }

  /** Ends with {@code reason}, releasing what was held back (unless it holds a stop string). */
  private void end(FinishReason reason) {
    StopStrings.Step s = stops.accept(decoder.flush());
    if (s.stopped()) {
      finish = FinishReason.STOP_SEQUENCE;
      tail = readCalls(s.text());
    } else {
      finish = reason;
      tail = readCalls(s.text() + stops.release());
    }
    synchronized (lock) {
      releaseOnce();
    }
  }

  private TokenChunk drainTail() {
    String t = tail;
    tail = null;
    return t == null || t.isEmpty() ? null : chunk(t, 0);
  }

  private TokenChunk chunk(String text, int tokens) {
    delivered.append(text);
    return new TokenChunk(chunkIndex++, text, tokens);
  }

  @Override
  public GenerationResult result() {
    if (finish == null) {
      throw new IllegalStateException("the generation has not ended");
    }
    GenerationResult result = GenerationResult.of(finish, modelName)
        .withUsage(Usage.reported(prompt.length, generated))
        .withToolCalls(toolCalls);
    return hook.complete(result);
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (!running) {
        releaseOnce();
      }
    }
    pause.wake();
  }

  /** Call with {@code lock} held. */
  private void releaseOnce() {
    if (!released) {
      released = true;
      session.close();
      release.run();
    }
  }
}
