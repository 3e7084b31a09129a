package io.infer4j.remote.internal;

import io.infer4j.InferenceException;
import java.time.Duration;
import java.util.Objects;

/**
 * Why one HTTP attempt failed, and whether another attempt may help.
 *
 * @param error the typed error to report if no further attempt is made
 * @param retry whether a retry may succeed (status class, network failure; {@code x-should-retry}
 *     overrides)
 * @param retryAfter the wait the server asked for, or {@code null}
 */
record AttemptFailure(InferenceException error, boolean retry, Duration retryAfter) {

  AttemptFailure {
    Objects.requireNonNull(error, "error");
  }
}
