package io.infer4j.remote.internal;

import java.io.IOException;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/** A chunked SSE body that writes its events one by one with a pause between them. */
final class Trickle implements MockResponseBody {

  private final List<String> events;
  private final long pauseMillis;

  Trickle(List<String> events, long pauseMillis) {
    this.events = List.copyOf(events);
    this.pauseMillis = pauseMillis;
  }

  static MockResponse response(Sse sse, long pauseMillis) {
    return new MockResponse.Builder()
        .addHeader("Content-Type", "text/event-stream")
        .body(new Trickle(sse.events(), pauseMillis))
        .build();
  }

  @Override
  public long getContentLength() {
    return -1L;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    boolean first = true;
    for (String e : events) {
      try {
        if (!first) {
          Thread.sleep(pauseMillis);
        }
        first = false;
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", ie);
      }
      sink.writeUtf8(e);
      sink.flush();
    }
  }
}
