package io.infer4j.remote.internal;

import java.io.IOException;

/**
 * A response this client will not follow or read further: a redirect it does not follow, a body
 * past a size cap. Thrown as an {@link IOException} on OkHttp's thread, from an interceptor or
 * while the body is read, so that it travels OkHttp's failure path to {@link Attempt}; it carries
 * the typed failure to report, which is not retried (the same request would get the same answer).
 */
final class ResponseRefused extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient AttemptFailure failure;

  ResponseRefused(AttemptFailure failure) {
    super(failure.error().getMessage());
    this.failure = failure;
  }

  AttemptFailure failure() {
    return failure;
  }
}
