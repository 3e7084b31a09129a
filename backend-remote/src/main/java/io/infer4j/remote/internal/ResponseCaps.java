package io.infer4j.remote.internal;

import io.infer4j.BackendUnavailableException;
import okhttp3.HttpUrl;

/**
 * The most bytes one attempt's response may take, derived from the request: one SSE event at most
 * {@code max-event-size}; the whole body at most {@code max-event-size + maxTokens *
 * max-bytes-per-token} (room for one unusually large event, then a token's worth of JSON per
 * requested token), or for embeddings {@code max-event-size} plus {@link #BYTES_PER_EMBEDDING}
 * per input. A server that sends more is not read further: a {@link
 * BackendUnavailableException} that is not retried (the same request would get the same answer),
 * naming the cap and the setting. Immutable.
 */
final class ResponseCaps {

  /**
   * Bytes of response per embedded input: 8,192 dimensions (twice the largest common embedding
   * models, 3,072 to 4,096) of 32 bytes each; a float in JSON with its separator takes at most 25
   * ({@code -1.2345678901234567E-123,}), usually under 22.
   */
  static final long BYTES_PER_EMBEDDING = 256L << 10;

  private final RemoteSettings settings;
  private final long units; // requested tokens, or inputs to embed
  private final boolean embeddings;
  private final long eventBytes;
  private final long totalBytes;

  ResponseCaps(RemoteSettings settings, int maxTokens) {
    this(settings, maxTokens, false);
  }

  private ResponseCaps(RemoteSettings settings, long units, boolean embeddings) {
    this.settings = settings;
    this.units = units;
    this.embeddings = embeddings;
    this.eventBytes = settings.maxEventSize();
    long perUnit = embeddings ? BYTES_PER_EMBEDDING : settings.maxBytesPerToken();
    long perUnits = units > Long.MAX_VALUE / perUnit ? Long.MAX_VALUE : units * perUnit;
    this.totalBytes = perUnits > Long.MAX_VALUE - eventBytes ? Long.MAX_VALUE : eventBytes + perUnits;
  }

  /** The caps of an embeddings answer for {@code inputs} texts. */
  static ResponseCaps forEmbeddings(RemoteSettings settings, int inputs) {
    return new ResponseCaps(settings, inputs, true);
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
        + ", the most read for " + (embeddings
            ? units + " inputs (max-event-size " + ByteSizes.format(eventBytes) + " + " + units
                + " x " + ByteSizes.format(BYTES_PER_EMBEDDING) + ")"
            : "max-tokens " + units + " (max-event-size " + ByteSizes.format(eventBytes) + " + "
                + units + " x max-bytes-per-token " + ByteSizes.format(settings.maxBytesPerToken())
                + ", " + settings.fullKey("max-bytes-per-token") + ")")
        + "; not read further");
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
