package io.infer4j.remote.internal;

import io.infer4j.BackendUnavailableException;
import okhttp3.HttpUrl;

/**
 * The most bytes one attempt's response may take, derived from the request: one SSE event at most
 * {@code max-event-size}; the whole body at most {@code max-event-size + maxTokens *
 * max-bytes-per-token} (room for one unusually large event, then a token's worth of JSON per
 * requested token). A server that sends more is not read further: a {@link
 * BackendUnavailableException} that is not retried (the same request would get the same answer),
 * naming the cap and the setting. Immutable.
 */
final class ResponseCaps {

  private final RemoteSettings settings;
  private final int maxTokens;
  private final long eventBytes;
  private final long totalBytes;

  ResponseCaps(RemoteSettings settings, int maxTokens) {
    this.settings = settings;
    this.maxTokens = maxTokens;
    this.eventBytes = settings.maxEventSize();
    long perTokens = maxTokens > Long.MAX_VALUE / settings.maxBytesPerToken()
        ? Long.MAX_VALUE
        : maxTokens * settings.maxBytesPerToken();
    this.totalBytes = perTokens > Long.MAX_VALUE - eventBytes ? Long.MAX_VALUE : eventBytes + perTokens;
  }

  /** Most bytes of one SSE event: its lines up to and including the blank line that ends it. */
  long eventBytes() {
    return eventBytes;
  }

  /** Most bytes of the whole body (after decompression). */
  long totalBytes() {
    return totalBytes;
  }

  AttemptFailure eventTooLarge(HttpUrl url) {
    return refused("an SSE event from " + url + " is larger than " + ByteSizes.format(eventBytes)
        + ", the max-event-size (" + settings.fullKey("max-event-size") + "); not read further");
  }

  AttemptFailure responseTooLarge(HttpUrl url) {
    return refused("the response from " + url + " is larger than " + ByteSizes.format(totalBytes)
        + ", the most read for max-tokens " + maxTokens + " (max-event-size "
        + ByteSizes.format(eventBytes) + " + " + maxTokens + " x max-bytes-per-token "
        + ByteSizes.format(settings.maxBytesPerToken()) + ", "
        + settings.fullKey("max-bytes-per-token") + "); not read further");
  }

  /** The body ended before the line end of its last line: the connection was closed early. */
  AttemptFailure endedMidLine(HttpUrl url, long lineBytes) {
    return new AttemptFailure(new BackendUnavailableException(settings.instanceName(),
        "the response from " + url + " ended in the middle of a line (" + ByteSizes.format(lineBytes)
            + " after the last line end): the server closed the connection early", true),
        true, null);
  }

  private AttemptFailure refused(String what) {
    return new AttemptFailure(
        new BackendUnavailableException(settings.instanceName(), what, false), false, null);
  }
}
