package io.infer4j.internal.router;

import io.infer4j.FinishReason;
import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.TokenChunk;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import io.infer4j.spi.LatencyEstimate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A backend for router tests that follows a script, one step per started request (the last step
 * repeats): answer "name0 name1 ..." after a time to first token and a time per token, fail on
 * start, fail before the first token, fail after the first token, or hang until closed. Time passes through a pacer: a
 * {@link VirtualClock}'s advance (virtual time) or a real sleep.
 */
final class ScriptedBackend implements Backend {

  /** One scripted behaviour. */
  record Step(Kind kind, Duration ttft, Duration perToken, InferenceException failure) {}

  enum Kind {
    ANSWER,
    FAIL_ON_START,
    FAIL_BEFORE_FIRST_TOKEN,
    FAIL_AFTER_FIRST_TOKEN,
    HANG
  }

  static Step answer(Duration ttft, Duration perToken) {
    return new Step(Kind.ANSWER, ttft, perToken, null);
  }

  static Step failOnStart(InferenceException e) {
    return new Step(Kind.FAIL_ON_START, Duration.ZERO, Duration.ZERO, e);
  }

  static Step failBeforeFirstToken(Duration after, InferenceException e) {
    return new Step(Kind.FAIL_BEFORE_FIRST_TOKEN, after, Duration.ZERO, e);
  }

  /** Answers its first token after {@code ttft}, then fails with {@code e} instead of a second. */
  static Step failAfterFirstToken(Duration ttft, InferenceException e) {
    return new Step(Kind.FAIL_AFTER_FIRST_TOKEN, ttft, Duration.ZERO, e);
  }

  static Step hang() {
    return new Step(Kind.HANG, Duration.ZERO, Duration.ZERO, null);
  }

  private final String name;
  private final Consumer<Duration> pacer;
  private final Deque<Step> script = new ArrayDeque<>();
  private volatile LatencyEstimate estimate;
  private volatile int answerTokens = Integer.MAX_VALUE;
  private final AtomicInteger starts = new AtomicInteger();
  private final List<ScriptedGeneration> generations = new CopyOnWriteArrayList<>();
  private final List<Boolean> mayWaitAnswers = new CopyOnWriteArrayList<>();
  private volatile boolean closed;
  private volatile io.infer4j.spi.BackendHealth health = io.infer4j.spi.BackendHealth.up();

  ScriptedBackend(String name, Consumer<Duration> pacer, Step... steps) {
    this.name = name;
    this.pacer = pacer;
    script.addAll(List.of(steps));
  }

  /** Paces in real time. */
  static Consumer<Duration> realTime() {
    return d -> {
      try {
        Thread.sleep(d.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /**
   * Answers stop after {@code tokens} tokens (finish reason STOP) when the request allows more;
   * by default every answer runs to its max-tokens (LENGTH).
   */
  ScriptedBackend stoppingAfter(int tokens) {
    this.answerTokens = tokens;
    return this;
  }

  /** What {@link #health()} says from now on (up, no details, by default). */
  ScriptedBackend health(io.infer4j.spi.BackendHealth health) {
    this.health = health;
    return this;
  }

  @Override
  public io.infer4j.spi.BackendHealth health() {
    return closed ? io.infer4j.spi.BackendHealth.closed("closed") : health;
  }

  ScriptedBackend estimating(Duration ttft, Duration perToken, double confidence) {
    this.estimate = new LatencyEstimate(ttft, perToken, confidence);
    return this;
  }

  /** Replaces the script from the next request on. */
  synchronized ScriptedBackend then(Step... steps) {
    script.clear();
    script.addAll(List.of(steps));
    return this;
  }

  int starts() {
    return starts.get();
  }

  List<ScriptedGeneration> generations() {
    return generations;
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.CHAT, Capability.RAW_PROMPT, Capability.STREAMING);
  }

  @Override
  public Optional<LatencyEstimate> estimate(InferenceRequest request) {
    return Optional.ofNullable(estimate);
  }

  private synchronized Step nextStep() {
    return script.size() > 1 ? script.poll() : script.peek();
  }

  /**
   * What the router's observer said, attempt by attempt, when asked whether this backend may wait
   * a second a server asked for ({@link io.infer4j.spi.AttemptObserver#mayWaitFor}).
   */
  List<Boolean> mayWaitAnswers() {
    return mayWaitAnswers;
  }

  @Override
  public Generation start(InferenceRequest request, Deadline deadline,
      io.infer4j.spi.AttemptObserver attempts) {
    mayWaitAnswers.add(attempts.mayWaitFor(Duration.ofSeconds(1)));
    return start(request, deadline);
  }

  @Override
  public Generation start(InferenceRequest request, Deadline deadline) {
    starts.incrementAndGet();
    Step step = nextStep();
    if (step.kind() == Kind.FAIL_ON_START) {
      throw step.failure();
    }
    int max = request.sampling().maxTokens();
    ScriptedGeneration g = new ScriptedGeneration(step, Math.min(max, answerTokens),
        answerTokens < max);
    generations.add(g);
    return g;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** A generation following one step. */
  final class ScriptedGeneration implements Generation {
    private final Step step;
    private final int max;
    private final boolean stops;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private int produced;

    ScriptedGeneration(Step step, int max, boolean stops) {
      this.step = step;
      this.max = max;
      this.stops = stops;
    }

    boolean isClosed() {
      return closedLatch.getCount() == 0;
    }

    @Override
    public TokenChunk next() {
      if (isClosed()) {
        return null;
      }
      switch (step.kind()) {
        case HANG:
          try {
            closedLatch.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return null;
        case FAIL_BEFORE_FIRST_TOKEN:
          pacer.accept(step.ttft());
          throw step.failure();
        default:
          if (step.kind() == Kind.FAIL_AFTER_FIRST_TOKEN && produced > 0) {
            throw step.failure();
          }
          if (produced >= max) {
            return null;
          }
          pacer.accept(produced == 0 ? step.ttft() : step.perToken());
          if (isClosed()) {
            return null;
          }
          String word = (produced == 0 ? "" : " ") + name + produced;
          return TokenChunk.of(produced++, word);
      }
    }

    @Override
    public GenerationResult result() {
      return GenerationResult.of(stops ? FinishReason.STOP : FinishReason.LENGTH, name + "-model");
    }

    @Override
    public void close() {
      closedLatch.countDown();
    }
  }
}
