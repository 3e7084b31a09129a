package io.infer4j.remote.internal;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InvalidRequestException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.RateLimitedException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.net.ssl.SSLException;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Turns HTTP statuses, error bodies and network failures into typed errors and retry decisions.
 * Retried: connection failures, 408, 409, 429, 5xx and Groq's 498 (unless {@code x-should-retry:
 * false}); never retried: 400, 401, 403, 404, 413, 422 and TLS failures. Server messages are
 * shortened before they reach an exception. Stateless.
 *
 * <p>Every failure of an attempt is built here, and only through the factories at the end of
 * this class ({@link #unavailable}, {@link #invalid}, {@link #modelNotFound}, {@link
 * #rateLimited}): they pass each message through the API key's redaction and each cause through
 * {@link ApiKey#scrub}, whatever the message holds (a server's words, its headers, an I/O error
 * that quotes them, the user's settings). Callers with such text of their own (the stream
 * parser's errors, a broken stream) go through {@link #malformed}.
 */
final class ErrorMapper {

  private final RemoteSettings settings;
  private final String backend;
  private final ChunkParser parser;
  private final ApiKey key;

  ErrorMapper(RemoteSettings settings, ChunkParser parser) {
    this.settings = settings;
    this.backend = settings.instanceName();
    this.parser = parser;
    this.key = settings.apiKey();
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
          return new AttemptFailure(invalid(
              "messages", "the prompt exceeds the model's context window (" + status + "): " + detail),
              false, null);
        }
        return new AttemptFailure(invalid(
            "request", "rejected by the server (" + status + "): " + detail), false, null);
      case 401:
      case 403:
        return new AttemptFailure(unavailable(
            "authentication failed (" + status + "): " + detail + "; check api-key", false, null),
            false, null);
      case 404:
        if (err != null && err.isModelNotFound()) {
          return new AttemptFailure(modelNotFound(model, detail), false, null);
        }
        return new AttemptFailure(unavailable(
            status + " at " + path + ": " + detail + "; check base-url", false, null), false, null);
      case 429:
        return new AttemptFailure(
            rateLimited(status + ": " + detail, retryAfter),
            override == null || override, retryAfter);
      default:
        boolean transientStatus = code == 408 || code == 409 || code == 498 || code >= 500;
        boolean retry = override != null ? override : transientStatus;
        return new AttemptFailure(
            unavailable(status + ": " + detail, transientStatus, null),
            retry, retryAfter);
    }
  }

  /**
   * A network failure before or during the response of a call to {@code url}; a timeout names
   * the setting that ran out and its value ({@code stream}: whether the call was streamed).
   */
  AttemptFailure fromIo(IOException e, HttpUrl url, boolean stream) {
    String msg = parser.clean(String.valueOf(e.getMessage()));
    if (e instanceof SSLException) {
      return new AttemptFailure(unavailable(
          "TLS failure with " + url + ": " + msg, false, e), false, null);
    }
    String what;
    if (e instanceof ConnectException) {
      what = "connection failed to " + url + ": " + msg;
    } else if (e instanceof SocketTimeoutException) {
      what = "timed out: " + timeout(msg, url, stream);
    } else if (e instanceof UnknownHostException) {
      what = "unknown host " + url.host() + ": " + msg;
    } else if (e instanceof EOFException) {
      what = "the server closed the connection before the end of the response from " + url;
    } else {
      what = "connection broken with " + url + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : msg);
    }
    return new AttemptFailure(unavailable(what, true, e), true, null);
  }

  /** Which timeout a socket timeout was, from its message (the JDK's "Connect timed out"). */
  private String timeout(String msg, HttpUrl url, boolean stream) {
    if (msg.toLowerCase(Locale.ROOT).contains("connect")) {
      return "no connection to " + url.host() + ":" + url.port() + " within "
          + setting("connect-timeout", settings.connectTimeout());
    }
    return stream
        ? "no bytes from " + url + " within " + setting("stall-timeout", settings.stallTimeout())
        : "no answer from " + url + " within " + setting("read-timeout", settings.readTimeout());
  }

  private String setting(String key, Duration value) {
    return key + " " + Durations.format(value) + " (" + settings.fullKey(key) + ")";
  }

  /** An {@code error} object inside a successful (200) response or stream. */
  AttemptFailure inStream(ServerError err) {
    if (err.isContextLength()) {
      return new AttemptFailure(invalid(
          "messages", "the prompt exceeds the model's context window: " + err.describe()), false, null);
    }
    return new AttemptFailure(unavailable(
        "server sent an error inside the response: " + err.describe(), true, null), true, null);
  }

  /**
   * A payload that is not JSON, or a body of the wrong content type; {@code what} may quote the
   * server (a parser's error, a content type).
   */
  AttemptFailure malformed(String what, boolean retry) {
    return new AttemptFailure(unavailable(what, retry, null), retry, null);
  }

  // The only constructors of failures: the key masked in every message and cause.

  private BackendUnavailableException unavailable(String what, boolean retryable, Throwable cause) {
    return new BackendUnavailableException(backend, key.redact(what), retryable, key.scrub(cause));
  }

  private InvalidRequestException invalid(String field, String problem) {
    return new InvalidRequestException(field, key.redact(problem));
  }

  private ModelNotFoundException modelNotFound(String model, String detail) {
    return new ModelNotFoundException(key.redact(model), key.redact(detail));
  }

  private RateLimitedException rateLimited(String what, Duration retryAfter) {
    return new RateLimitedException(backend, key.redact(what), retryAfter);
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
