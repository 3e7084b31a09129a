package io.infer4j.internal.router;

import io.infer4j.FinishReason;
import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.RouteDecision;
import io.infer4j.TokenChunk;
import io.infer4j.internal.BackendCalls;
import io.infer4j.internal.RouteExplaining;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A routed request: tries the plan's backends in order until one produces its first chunk, then
 * streams that one.
 *
 * <p>Before the first chunk, a {@link FallbackSequence} tries the backends (falling back on
 * retryable failures, racing a {@link HedgedRace} when hedging is on); {@link RequestAttempts}
 * starts, settles and learns from each attempt, and the {@link RouteLog} keeps what happened for
 * the {@link RouteDecision}. After the first chunk the winning attempt is streamed as is: there is
 * no fallback any more, a failure is thrown to the caller after it counted against the backend
 * (see {@link RequestAttempts#failedMidStream}), and the end of the answer teaches the backend's
 * time per token and closes its breaker.
 *
 * <p><b>Threads.</b> {@link #next()} is called by one consumer thread; {@link #close()} may come
 * from any thread and closes every attempt in flight, which makes pending pulls return promptly;
 * {@code next()} then returns null. Hedged first-chunk pulls use at most one router thread per
 * attempt, each ending when its attempt yields its first chunk, fails or is closed.
 *
 * <p><b>Failures.</b> Whatever ends the request (every candidate failed, a non-retryable failure,
 * the budget spent during an attempt or a race, a stream broken midway) reaches the caller with
 * the {@link #decisionSoFar() decision so far}: the client's stream attaches it (see {@link
 * RouteExplaining}), since some of these failures (the deadline watch) never pass through here.
 */
final class RoutedGeneration implements Generation, RouteExplaining {

  private final InferenceRequest request;
  private final LongSupplier clock;
  private final RouteLog log;
  private final RequestAttempts attempts;
  private final FallbackSequence fallback;
  private AttemptRun winner; // the attempt that produced the first chunk, once one has
  private boolean finished;

  RoutedGeneration(RouterBackend router, InferenceRequest request, Deadline deadline, Plan plan,
      io.infer4j.spi.AttemptObserver observer) {
    this.request = request;
    this.clock = deadline.nanoClock();
    this.log = new RouteLog(plan);
    this.attempts = new RequestAttempts(router, request, deadline, log, observer);
    UntriedBackends untried = new UntriedBackends(plan, deadline, log);
    this.fallback = new FallbackSequence(router, deadline, untried, attempts, log);
  }

  @Override
  public TokenChunk next() {
    if (attempts.isClosed() || finished) {
      return null;
    }
    if (winner == null) {
      FirstPull first = fallback.firstPull();
      if (first == FirstPull.CLOSED) {
        return null;
      }
      winner = first.attempt();
      return deliver(first.chunk());
    }
    TokenChunk chunk;
    try {
      chunk = BackendCalls.next(winner.generation(), winner.name());
    } catch (InferenceException e) {
      failMidStream(e);
      throw e;
    }
    return deliver(chunk);
  }

  private TokenChunk deliver(TokenChunk chunk) {
    if (chunk == null) {
      if (attempts.isClosed()) {
        return null;
      }
      finished = true;
      attempts.succeeded(winner);
      return null;
    }
    winner.delivered(chunk);
    return chunk;
  }

  private void failMidStream(InferenceException e) {
    finished = true;
    attempts.failedMidStream(winner, e);
  }

  @Override
  public GenerationResult result() {
    if (winner == null) {
      throw new IllegalStateException("result() before the generation ended");
    }
    GenerationResult r = winner.generation().result();
    return r.withRoute(decision(), winner.name());
  }

  /** The decision so far and the instance that was serving, for a stream closed midway. */
  @Override
  public Optional<GenerationResult> cancelled() {
    String model = request.requestedModel().orElse("");
    return Optional.of(GenerationResult.of(FinishReason.CANCELLED, model)
        .withRoute(decision(), winner != null ? winner.name() : null));
  }

  /** The decision so far: the plan, the attempts made and what happened. */
  RouteDecision decision() {
    return log.decision(winner, clock.getAsLong());
  }

  @Override
  public RouteDecision decisionSoFar() {
    return decision();
  }

  @Override
  public void close() {
    attempts.close();
  }
}
