package io.infer4j.runtime.serving;

import java.time.Duration;

/**
 * A wait offered to a {@link ServingHook}, measured from the moment the client received the
 * request (the start of its {@link io.infer4j.spi.Deadline}). Waits end early when the generation
 * is closed, and never pass the deadline. Used from the generation's thread only.
 */
public interface TokenPause {

  /**
   * Waits until {@code sinceStart} has passed since the request started; returns at once if it has
   * already passed.
   *
   * @param sinceStart the time since the request started to wait for
   * @return {@code false} if the generation was closed (or the thread interrupted) during the
   *     wait, {@code true} once the time is reached
   * @throws io.infer4j.DeadlineExceededException if the deadline comes first (after waiting until
   *     it)
   */
  boolean awaitSinceStart(Duration sinceStart);
}
