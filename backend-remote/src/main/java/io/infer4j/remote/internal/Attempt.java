package io.infer4j.remote.internal;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import okio.Okio;

/**
 * One HTTP call of a generation. OkHttp's callback thread reads the response (SSE events through
 * okhttp-sse's parser, which handles CRLF, comments, {@code data:} without a space and multi-line
 * data) and puts {@link StreamEvent}s into a bounded queue; the consumer polls it with
 * deadline-limited waits. A full queue makes the callback thread wait, which pushes back on the
 * server through TCP. A successful body is read through a {@link CappedSource}, within the
 * request's {@link ResponseCaps}; an error body, at most {@link #MAX_BODY} of it.
 *
 * <p>{@link #cancel()} may be called from any thread: it cancels the call, which unblocks the
 * callback thread, and wakes the consumer. After cancellation no further events are queued. A call
 * whose answer ended cleanly is not cancelled: its callback thread reads the body to its end (the
 * end of a stream comes right after {@code [DONE]}), so the connection goes back to the pool.
 */
final class Attempt extends EventSourceListener implements Callback {

  /** Events buffered between the network and the consumer. */
  static final int QUEUE_CAPACITY = 256;
  /** Largest error or non-streaming body read, in bytes. */
  private static final long MAX_BODY = 4L * 1024 * 1024;

  private final Endpoint endpoint;
  private final Exchange exchange;
  private final ErrorMapper errors;
  private final RateLimitTracker rateLimits;
  private final LongSupplier nanoClock;
  private final Runnable afterCallback;
  private final java.util.function.Consumer<Call> canceller;
  private final BlockingQueue<StreamEvent> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicBoolean released = new AtomicBoolean();
  private volatile boolean cancelled;
  private volatile boolean sawDone;
  private volatile long writtenAtNanos = Long.MIN_VALUE;
  private volatile Call call;

  /**
   * @param exchange what is sent: its model and the most bytes the response may take are read here
   * @param afterCallback run on the callback thread when it is done with the response (the
   *     connection is back in the pool by then)
   * @param canceller cancels the HTTP call once the consumer was woken (see {@link #cancel()})
   */
  Attempt(Endpoint endpoint, Exchange exchange, ErrorMapper errors, RateLimitTracker rateLimits,
      LongSupplier nanoClock, Runnable afterCallback, java.util.function.Consumer<Call> canceller) {
    this.endpoint = endpoint;
    this.exchange = exchange;
    this.canceller = canceller;
    this.afterCallback = afterCallback;
    this.errors = errors;
    this.rateLimits = rateLimits;
    this.nanoClock = nanoClock;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  /** The URL this attempt calls (its endpoint's base URL until the call is made). */
  String url() {
    Call c = call;
    return c == null ? endpoint.baseUrl().toString() : c.request().url().toString();
  }

  /** When the request's headers began to be written, or {@link Long#MIN_VALUE} if not yet. */
  long writtenAtNanos() {
    return writtenAtNanos;
  }

  /** Called by the HTTP event listener when the request starts going out. */
  void markWritten() {
    if (writtenAtNanos == Long.MIN_VALUE) {
      writtenAtNanos = nanoClock.getAsLong();
    }
  }

  /** Sends the call; the endpoint's outstanding count was already raised by the caller. */
  void start(Call c) {
    this.call = c;
    if (cancelled) {
      c.cancel();
      return;
    }
    c.enqueue(this);
  }

  /** The next event, waiting at most {@code nanos}; {@code null} when the wait ran out. */
  StreamEvent poll(long nanos) throws InterruptedException {
    return queue.poll(nanos, TimeUnit.NANOSECONDS);
  }

  /** Lowers the endpoint's outstanding count, once. */
  void release() {
    if (released.compareAndSet(false, true)) {
      endpoint.release();
    }
  }

  /**
   * Wakes the consumer, then cancels the HTTP call (idempotent): the consumer first, since it is
   * who waits for the deadline. A call not yet on the wire (queued in the dispatcher, or
   * connecting) is cancelled here and now, which is cheap and keeps it from opening a connection
   * nobody will read; one whose request went out has its socket closed after every deadline due
   * now was handled (the canceller), since closing it wakes the thread reading it, and a burst of
   * those as many deadlines pass at once would take the processor from the threads that deliver
   * the deadlines.
   */
  void cancel() {
    cancelled = true;
    queue.offer(new StreamEvent.Wake());
    release();
    Call c = call;
    if (c != null) {
      if (writtenAtNanos == Long.MIN_VALUE) {
        c.cancel();
      } else {
        canceller.accept(c);
      }
    }
  }

  // --- OkHttp callback thread ---

  @Override
  public void onFailure(Call c, IOException e) {
    try {
      if (!cancelled) { // a call this side cancelled fails as expected: nobody reads the error
        put(new StreamEvent.Failed(failure(e, c.request().url())));
      }
    } finally {
      afterCallback.run();
    }
  }

  @Override
  public void onResponse(Call c, Response response) {
    try {
      read(response);
    } finally {
      afterCallback.run();
    }
  }

  private void read(Response response) {
    rateLimits.update(response.headers(), nanoClock.getAsLong());
    ResponseBody body = response.body();
    MediaType type = body.contentType();
    if (!response.isSuccessful()) {
      try (response) {
        String text = readLimited(body);
        put(new StreamEvent.Failed(errors.fromStatus(
            response.code(), response.headers(), type == null ? null : type.toString(), text,
            exchange.model(), response.request().url().encodedPath())));
      }
      return;
    }
    HttpUrl url = response.request().url();
    if (type != null && "text".equals(type.type()) && "event-stream".equals(type.subtype())) {
      Response capped = response.newBuilder().body(ResponseBody.create(
          Okio.buffer(new CappedSource(body.source(), exchange.caps(), url, true)), type, -1)).build();
      EventSources.processResponse(capped, this); // reads events here, closes the response
      return;
    }
    try (response) {
      if (type != null && "json".equals(type.subtype())) {
        String text;
        try {
          text = Okio.buffer(new CappedSource(body.source(), exchange.caps(), url, false)).readUtf8();
        } catch (IOException e) {
          put(new StreamEvent.Failed(failure(e, url)));
          return;
        }
        long at = nanoClock.getAsLong();
        put(new StreamEvent.Payload(text, true, at));
        put(new StreamEvent.End(true, at));
      } else {
        put(new StreamEvent.Failed(errors.malformed(
            "expected text/event-stream or JSON, got " + (type == null ? "no content type" : type)
                + " (HTTP " + response.code() + ")", false)));
      }
    }
  }

  @Override
  public void onEvent(EventSource source, String id, String type, String data) {
    if (sawDone) {
      // Anything after [DONE] is ignored, and a server that keeps talking is hung up on (the
      // consumer no longer cancels a call that ended cleanly, so that its connection is reused).
      Call c = call;
      if (c != null) {
        c.cancel();
      }
      return;
    }
    if ("[DONE]".equals(data.trim())) {
      sawDone = true;
      put(new StreamEvent.End(true, nanoClock.getAsLong()));
      return;
    }
    put(new StreamEvent.Payload(data, false, nanoClock.getAsLong()));
  }

  @Override
  public void onClosed(EventSource source) {
    if (!sawDone) {
      put(new StreamEvent.End(false, nanoClock.getAsLong()));
    }
  }

  @Override
  public void onFailure(EventSource source, Throwable t, Response response) {
    if (sawDone || cancelled) {
      return;
    }
    if (t instanceof IOException) {
      put(new StreamEvent.Failed(failure((IOException) t, source.request().url())));
    } else {
      put(new StreamEvent.Failed(errors.malformed("stream failed: " + t, true)));
    }
  }

  /** The failure an I/O exception stands for: this client's own refusal, or a network failure. */
  private AttemptFailure failure(IOException e, HttpUrl url) {
    return e instanceof ResponseFailure
        ? ((ResponseFailure) e).failure()
        : errors.fromIo(e, url, exchange.stream());
  }

  private String readLimited(ResponseBody body) {
    try {
      okio.BufferedSource source = body.source();
      source.request(MAX_BODY);
      okio.Buffer buffer = source.getBuffer();
      return buffer.readUtf8(Math.min(buffer.size(), MAX_BODY));
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Queues an event; while the queue is full, waits for the consumer, giving up once this attempt
   * or its call is cancelled (an abandoned consumer must not hold this thread forever).
   */
  private void put(StreamEvent e) {
    if (cancelled) {
      return;
    }
    try {
      while (!queue.offer(e, 50, TimeUnit.MILLISECONDS)) {
        Call c = call;
        if (cancelled || (c != null && c.isCanceled())) {
          return;
        }
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }
}
