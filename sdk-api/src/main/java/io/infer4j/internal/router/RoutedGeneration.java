package io.infer4j.internal.router;

import io.infer4j.InferenceException;
import io.infer4j.RouteDecision;
import io.infer4j.TokenChunk;
import io.infer4j.internal.BackendCalls;
import io.infer4j.internal.RouteExplaining;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import java.util.Optional;

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
 * <p><b>Route.</b> The client's stream asks this generation for its {@link #decisionSoFar()
 * decision} and the backend that {@linkplain #servedBy() served} (see {@link RouteExplaining}) and
 * puts them on the response, also on one closed midway; the serving backend's {@link #result()}
 * passes through untouched. Whatever ends the request (every candidate failed, a non-retryable
 * failure, the budget spent during an attempt or a race, a stream broken midway) reaches the
 * caller with the decision so far the same way, since some of these failures (the deadline watch)
 * never pass through here.
 */
final class RoutedGeneration implements Generation, RouteExplaining {

  private final RouteRequest route;
  private final FallbackSequence fallback;
  private volatile AttemptRun winner; // the attempt that produced the first chunk, once one has
  private boolean finished;

  RoutedGeneration(RouteRequest route) {
    this.route = route;
    this.fallback = new FallbackSequence(route);
  }

  @Override
  public TokenChunk next() {
    if (route.attempts().isClosed() || finished) {
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
      if (route.attempts().isClosed()) {
        return null;
      }
      finished = true;
      route.attempts().succeeded(winner);
      return null;
    }
    winner.delivered(chunk);
    return chunk;
  }

  private void failMidStream(InferenceException e) {
    finished = true;
    route.attempts().failedMidStream(winner, e);
  }

  /** The serving backend's result as it gave it: the route travels apart (see {@link #servedBy()}). */
  @Override
  public GenerationResult result() {
    if (winner == null) {
      throw new IllegalStateException("result() before the generation ended");
    }
    return winner.generation().result();
  }

  /** The decision so far: the plan, the attempts made and what happened. */
  @Override
  public RouteDecision decisionSoFar() {
    return route.log().decision(winner, route.now());
  }

  /** The backend that produced the first chunk; empty before one has. */
  @Override
  public Optional<String> servedBy() {
    AttemptRun serving = winner;
    return serving == null ? Optional.empty() : Optional.of(serving.name());
  }

  @Override
  public void close() {
    route.attempts().close();
  }
}
