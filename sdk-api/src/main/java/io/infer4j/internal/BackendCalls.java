package io.infer4j.internal;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.TokenChunk;
import io.infer4j.spi.AttemptObserver;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;

/**
 * Calls into a backend's SPI so that only {@link InferenceException}s come out: a backend's own
 * failures pass as they are, any other runtime exception (a backend bug) becomes a non-retryable
 * {@link BackendUnavailableException} naming the instance. Errors propagate. Not API.
 */
public final class BackendCalls {

  private BackendCalls() {}

  /**
   * {@code backend.start(request, deadline)}, never null.
   *
   * @param name the instance name, for the exception
   */
  public static Generation start(
      Backend backend, String name, InferenceRequest request, Deadline deadline) {
    return start(backend, name, request, deadline, AttemptObserver.NONE);
  }

  /** {@code backend.start(request, deadline, attempts)}, never null. */
  public static Generation start(Backend backend, String name, InferenceRequest request,
      Deadline deadline, AttemptObserver attempts) {
    Generation g;
    try {
      g = attempts == AttemptObserver.NONE
          ? backend.start(request, deadline) : backend.start(request, deadline, attempts);
    } catch (InferenceException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BackendUnavailableException(name, "failed to start: " + e, false, e);
    }
    if (g == null) {
      throw new BackendUnavailableException(name, "backend returned no generation", false);
    }
    return g;
  }

  /**
   * {@code generation.next()}.
   *
   * @param name the instance name, for the exception
   */
  public static TokenChunk next(Generation generation, String name) {
    try {
      return generation.next();
    } catch (InferenceException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BackendUnavailableException(name, "generation failed: " + e, false, e);
    }
  }
}
