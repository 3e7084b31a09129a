package io.infer4j.remote.internal;

import java.io.IOException;
import okhttp3.HttpUrl;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;

/**
 * A response body read within its {@link ResponseCaps}: it counts every byte and, for an SSE
 * stream, the bytes of the current event (since the last blank line) and line. Past a cap, or at
 * the end of a stream whose last line has no line end, {@link #read} throws a {@link
 * ResponseFailure} instead of handing on more bytes, so the parser above it (okhttp-sse's, or a
 * whole-body read) never buffers more than a cap plus one read. Before, a 50 MB event was read
 * whole (and retried), and a line cut off by the end of the body gave okhttp-sse's {@code
 * byteCount < 0: -1}. Used by one thread, OkHttp's callback thread.
 */
final class CappedSource extends ForwardingSource {

  private final ResponseCaps caps;
  private final HttpUrl url;
  private final boolean events;
  private long total;
  private long event; // bytes since the blank line that ended the last event
  private long line; // bytes since the last line end
  private byte previous;

  /**
   * @param url the URL read, for messages
   * @param events whether the body is an SSE stream (event and line limits apply), not one JSON
   */
  CappedSource(Source delegate, ResponseCaps caps, HttpUrl url, boolean events) {
    super(delegate);
    this.caps = caps;
    this.url = url;
    this.events = events;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    long n = super.read(sink, byteCount);
    if (n < 0) {
      if (events && line > 0) {
        throw new ResponseFailure(caps.endedMidLine(url, line));
      }
      return n;
    }
    total += n;
    if (total > caps.totalBytes()) {
      throw new ResponseFailure(caps.responseTooLarge(url));
    }
    if (events) {
      scan(sink, sink.size() - n, sink.size());
    }
    return n;
  }

  /** Follows lines and events through the bytes {@code [from, to)} of {@code buffer}. */
  private void scan(Buffer buffer, long from, long to) throws ResponseFailure {
    try (Buffer.UnsafeCursor cursor = buffer.readUnsafe()) {
      long at = from;
      cursor.seek(at);
      while (at < to) {
        for (int i = cursor.start; i < cursor.end; i++) {
          if (step(cursor.data[i]) > caps.eventBytes()) {
            throw new ResponseFailure(caps.eventTooLarge(url));
          }
        }
        at += cursor.end - cursor.start;
        if (at < to) {
          cursor.next();
        }
      }
    }
  }

  /**
   * One byte: a line ends at CR, LF or CRLF; an empty line ends the event (the SSE rules, WHATWG
   * HTML 9.2.6).
   *
   * @return the bytes of the current event so far
   */
  private long step(byte b) {
    event++;
    if (b == '\n' || b == '\r') {
      boolean secondOfCrLf = b == '\n' && previous == '\r';
      if (!secondOfCrLf && line == 0) {
        event = 0; // a blank line: the event is complete
      }
      line = 0;
    } else {
      line++;
    }
    previous = b;
    return event;
  }
}
