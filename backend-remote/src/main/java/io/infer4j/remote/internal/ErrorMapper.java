package io.infer4j.remote.internal;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InvalidRequestException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.RateLimitedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLException;
import okhttp3.Headers;

/**
 * Turns HTTP statuses, error bodies and network failures into typed errors and retry decisions.
 * Retried: connection failures, 408, 409, 429, 5xx and Groq's 498 (unless {@code x-should-retry:
 * false}); never retried: 400, 401, 403, 404, 413, 422 and TLS failures. Server messages are
 * redacted (the API key removed) and shortened before they reach an exception. Stateless.
 */
final class ErrorMapper {

  private final String backend;
  private final ChunkParser parser;

  ErrorMapper(String backend, ChunkParser parser) {
    this.backend = backend;
    this.parser = parser;
  }

  /** A non-2xx response. {@code body} may be {@code null} when it could not be read. */
  AttemptFailure fromStatus(int code, Headers headers, String contentType, String body, String model, String path) {
    ServerError err = body == null ? null : parser.errorBody(body);
    String detail = err != null ? err.describe() : describeBody(body, contentType);
    Duration retryAfter = RetryAfter.parse(headers, Instant.now());
    Boolean override = shouldRetry(headers.get("x-should-retry"));
    String status = "HTTP " + code;
    switch (code) {
      case 400:
      case 413:
      case 422:
        if (err != null && err.isContextLength()) {
          return new AttemptFailure(new InvalidRequestException(
              "messages", "the prompt exceeds the model's context window (" + status + "): " + detail),
              false, null);
        }
        return new AttemptFailure(new InvalidRequestException(
            "request", "rejected by the server (" + status + "): " + detail), false, null);
      case 401:
      case 403:
        return new AttemptFailure(new BackendUnavailableException(
            backend, "authentication failed (" + status + "): " + detail + "; check api-key", false),
            false, null);
      case 404:
        if (err != null && err.isModelNotFound()) {
          return new AttemptFailure(new ModelNotFoundException(model, detail), false, null);
        }
        return new AttemptFailure(new BackendUnavailableException(
            backend, status + " at " + path + ": " + detail + "; check base-url", false), false, null);
      case 429:
        return new AttemptFailure(
            new RateLimitedException(backend, status + ": " + detail, retryAfter),
            override == null || override, retryAfter);
      default:
        boolean transientStatus = code == 408 || code == 409 || code == 498 || code >= 500;
        boolean retry = override != null ? override : transientStatus;
        return new AttemptFailure(
            new BackendUnavailableException(backend, status + ": " + detail, transientStatus),
            retry, retryAfter);
    }
  }

  /** A network failure before or during the response. */
  AttemptFailure fromIo(IOException e) {
    String msg = parser.clean(String.valueOf(e.getMessage()));
    if (e instanceof SSLException) {
      return new AttemptFailure(new BackendUnavailableException(
          backend, "TLS failure: " + msg, false, e), false, null);
    }
    String what;
    if (e instanceof ConnectException) {
      what = "connection failed: ";
    } else if (e instanceof SocketTimeoutException) {
      what = "timed out (connect-timeout or stall-timeout): ";
    } else if (e instanceof UnknownHostException) {
      what = "unknown host: ";
    } else {
      what = "connection broken: ";
    }
    return new AttemptFailure(new BackendUnavailableException(backend, what + msg, true, e), true, null);
  }

  /** An {@code error} object inside a successful (200) response or stream. */
  AttemptFailure inStream(ServerError err) {
    if (err.isContextLength()) {
      return new AttemptFailure(new InvalidRequestException(
          "messages", "the prompt exceeds the model's context window: " + err.describe()), false, null);
    }
    return new AttemptFailure(new BackendUnavailableException(
        backend, "server sent an error inside the response: " + err.describe(), true), true, null);
  }

  /** A payload that is not JSON, or a body of the wrong content type. */
  AttemptFailure malformed(String what, boolean retry) {
    return new AttemptFailure(new BackendUnavailableException(backend, what, retry), retry, null);
  }

  private static String describeBody(String body, String contentType) {
    if (body == null || body.isBlank()) {
      return "(empty body)";
    }
    return "non-JSON error body (" + (contentType == null ? "no content type" : contentType) + ")";
  }

  private static Boolean shouldRetry(String v) {
    if (v == null) {
      return null;
    }
    String s = v.trim();
    if (s.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    return s.equalsIgnoreCase("false") ? Boolean.FALSE : null;
  }
}
