package io.infer4j.remote.internal;

import java.io.IOException;

/**
 * A failure this client found in a response itself: a redirect it does not follow, a body past a
 * size cap, a body that ends in the middle of a line. Thrown as an {@link IOException} on OkHttp's
 * thread, from an interceptor or while the body is read, so that it travels OkHttp's failure path
 * to {@link Attempt}; it carries the typed failure to report and whether to retry.
 */
final class ResponseFailure extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient AttemptFailure failure;

  ResponseFailure(AttemptFailure failure) {
    super(failure.error().getMessage());
    this.failure = failure;
  }

  AttemptFailure failure() {
    return failure;
  }
}
