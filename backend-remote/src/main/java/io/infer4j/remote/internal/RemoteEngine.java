package io.infer4j.remote.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer4j.BackendUnavailableException;
import io.infer4j.EmbeddingRequest;
import io.infer4j.InferenceRequest;
import io.infer4j.spi.Deadline;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The parts one remote backend's generations share: settings, the OkHttp clients (one for
 * streaming with the stall timeout as read timeout, one for whole answers with the read timeout;
 * both share one dispatcher and connection pool), the parser, error mapper, endpoint pool,
 * rate-limit tracker and latency model. Thread-safe.
 */
final class RemoteEngine {

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final RemoteSettings settings;
  private final OkHttpClient streaming;
  private final OkHttpClient whole;
  private final ObjectMapper mapper = ChunkParser.newMapper();
  private final ChunkParser parser;
  private final ErrorMapper errors;
  private final EndpointPool pool;
  private final RateLimitTracker rateLimits;
  private final LatencyModel latency = new LatencyModel();
  private final LongSupplier nanoClock;
  private final AtomicBoolean closed = new AtomicBoolean();

  RemoteEngine(RemoteSettings settings, OkHttpClient base, LongSupplier nanoClock) {
    this.settings = settings;
    this.nanoClock = nanoClock;
    OkHttpClient withTiming = base.newBuilder()
        .eventListenerFactory(call -> {
          Attempt a = call.request().tag(Attempt.class);
          return a == null ? EventListener.NONE : new WriteTimeListener(a);
        })
        .build();
    this.streaming = withTiming.newBuilder()
        .readTimeout(settings.stallTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .build();
    this.whole = withTiming.newBuilder()
        .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .build();
    this.parser = new ChunkParser(mapper, settings.apiKey());
    this.errors = new ErrorMapper(settings, parser);
    this.pool = new EndpointPool(
        settings.endpoints(), settings.ejectAfter(), settings.ejectFor().toNanos(), nanoClock);
    HttpUrl first = settings.endpoints().get(0);
    this.rateLimits =
        RateLimitTracker.forCredential(settings.apiKey(), first.host() + ":" + first.port());
  }

  /** After close, a callback that just released its connection evicts it from the pool. */
  private void callbackEnded() {
    if (closed.get()) {
      streaming.connectionPool().evictAll();
    }
  }

  /** Refuses new attempts from now on; {@code true} only for the call that closed it. */
  boolean markClosed() {
    return closed.compareAndSet(false, true);
  }

  /**
   * Cancels {@code call} (its request is on the wire) once every deadline already due has been
   * handled: see {@link Attempt#cancel()}.
   */
  void cancelLater(Call call) {
    Deadline.afterDueDeadlines(call::cancel);
  }

  /** Whether {@link #markClosed()} has run. */
  boolean isClosed() {
    return closed.get();
  }

  /** Throws {@link BackendUnavailableException} (not retryable) once closed. */
  void requireOpen() {
    if (closed.get()) {
      throw new BackendUnavailableException(
          settings.instanceName(), "backend is closed", false);
    }
  }

  RemoteSettings settings() {
    return settings;
  }

  ChunkParser parser() {
    return parser;
  }

  ErrorMapper errors() {
    return errors;
  }

  EndpointPool pool() {
    return pool;
  }

  RateLimitTracker rateLimits() {
    return rateLimits;
  }

  LatencyModel latency() {
    return latency;
  }

  /** The monotonic clock of this backend (the rate-limit tracker's and the timing's). */
  long nowNanos() {
    return nanoClock.getAsLong();
  }

  /**
   * What a generation sends: chat completions, or completions for a raw prompt where the preset
   * serves them; streamed as the settings say.
   */
  Exchange chat(InferenceRequest request, String model) {
    byte[] body = RequestJson.write(
        mapper, request, model, settings.preset(), settings.stream(), settings.includeUsage());
    return new Exchange(
        RequestJson.toCompletions(request, settings.preset()) ? "completions" : "chat/completions",
        body, settings.stream(), model, new ResponseCaps(settings, request.sampling().maxTokens()));
  }

  /** What an embedding request sends: {@code embeddings}, answered whole. */
  Exchange embeddings(EmbeddingRequest request, String model) {
    return new Exchange("embeddings", RequestJson.write(mapper, request, model), false, model,
        ResponseCaps.forEmbeddings(settings, request.inputs().size()));
  }

  /** Picks an endpoint (avoiding the one that just failed) and sends one attempt. */
  Attempt newAttempt(Exchange exchange, Endpoint avoid, RequestLimits limits) {
    requireOpen();
    Endpoint endpoint = pool.pick(avoid);
    endpoint.acquire();
    Attempt attempt = new Attempt(endpoint, exchange, errors, rateLimits, nanoClock,
        this::callbackEnded, this::cancelLater);
    Request.Builder http = new Request.Builder()
        .url(RemoteSettings.resolve(endpoint.baseUrl(), exchange.path()))
        .post(RequestBody.create(exchange.body(), JSON))
        .header("Accept", exchange.stream() ? "text/event-stream" : "application/json")
        .tag(Attempt.class, attempt);
    if (settings.apiKey().isPresent()) {
      http.header("Authorization", settings.apiKey().bearerHeader());
    }
    Call call = (exchange.stream() ? streaming : whole).newCall(http.build());
    long remaining = limits.remainingNanos();
    if (remaining != Long.MAX_VALUE) {
      // A backstop; the consumer's deadline-limited waits cancel the call first.
      call.timeout().timeout(remaining + TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.NANOSECONDS);
    }
    attempt.start(call);
    return attempt;
  }

  /** Records when the request starts going out, for time to first token. */
  private static final class WriteTimeListener extends EventListener {
    private final Attempt attempt;

    WriteTimeListener(Attempt attempt) {
      this.attempt = attempt;
    }

    @Override
    public void requestHeadersStart(Call call) {
      attempt.markWritten();
    }
  }
}
