package io.infer4j.remote.internal;

import io.infer4j.EmbeddingRequest;
import io.infer4j.EmbeddingResponse;
import io.infer4j.InferenceRequest;
import io.infer4j.InvalidRequestException;
import io.infer4j.RateLimitedException;
import io.infer4j.UnsupportedCapabilityException;
import io.infer4j.remote.EndpointStatus;
import io.infer4j.remote.Preset;
import io.infer4j.remote.RateLimitStatus;
import io.infer4j.remote.RemoteBackend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.LatencyEstimate;
import io.infer4j.spi.PromptTokens;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The remote backend: one OkHttp client (own dispatcher threads, {@link DispatcherThreads}: virtual
 * on Java 24+; own connection pool) per backend instance. Thread-safe; {@link #close()} cancels calls in flight, stops the dispatcher's threads
 * and evicts pooled connections.
 *
 * <p>Connections: idle ones stay in the pool for {@code keep-alive} (4 s), less than servers keep
 * them. OkHttp's {@code retryOnConnectionFailure} is on, as OkHttp intends for stale pooled
 * connections: a request that fails on a reused connection before the response headers (the
 * server closed it while idle) is sent again at once on a fresh connection, within the same call,
 * so it is neither a failed attempt nor a retry here. OkHttp does this for a POST whose body can
 * be sent again (ours is a byte array) as long as the connection that failed had served a request
 * before: the next try takes another pooled connection (a stale one fails at once, at the cost of
 * reading its end) or a fresh one. A fresh connection that fails is not tried again by OkHttp
 * unless the host has another address, and a read timeout after the request was sent never is
 * (OkHttp 5's RetryAndFollowUpInterceptor.recover, RealRoutePlanner.hasNext and retryRoute). It
 * also repeats a 408 once, as browsers do. Every other failure is an attempt counted by {@link
 * RemoteGeneration}.
 */
public final class HttpRemoteBackend implements RemoteBackend {

  /** Prefix of the names of this backend's dispatcher threads. */
  public static final String THREAD_PREFIX = "infer4j-remote-";

  private final RemoteSettings settings;
  private final ExecutorService executor;
  private final Dispatcher dispatcher;
  private final ConnectionPool connections;
  private final RemoteEngine engine;
  private final Set<Capability> capabilities;

  public HttpRemoteBackend(RemoteSettings settings) {
    this(settings, System::nanoTime);
  }

  HttpRemoteBackend(RemoteSettings settings, LongSupplier nanoClock) {
    this.settings = settings;
    this.executor =
        DispatcherThreads.create(THREAD_PREFIX + settings.instanceName() + "-");
    this.dispatcher = new Dispatcher(executor);
    dispatcher.setMaxRequests(256);
    dispatcher.setMaxRequestsPerHost(256);
    this.connections =
        new ConnectionPool(32, settings.keepAlive().toMillis(), TimeUnit.MILLISECONDS);
    OkHttpClient client = new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(connections)
        .retryOnConnectionFailure(true) // stale pooled connections: see the class comment
        .followRedirects(false) // only those that keep the POST, by Redirects
        .followSslRedirects(false)
        .addInterceptor(new Redirects(settings))
        .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .writeTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .build();
    this.engine = new RemoteEngine(settings, client, nanoClock);
    EnumSet<Capability> has = EnumSet.of(Capability.CHAT, Capability.RAW_PROMPT,
        Capability.STREAMING, Capability.LATENCY_ESTIMATE, Capability.REMOTE);
    has.addAll(settings.served());
    this.capabilities = Collections.unmodifiableSet(has);
  }

  /**
   * Chat, raw prompts (sent to chat completions where the preset has no {@code /v1/completions}),
   * streaming, latency estimates, and what the service serves ({@link RemoteSettings#served()}:
   * the preset's, or the {@code capabilities} key's).
   */
  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  /**
   * What this backend observed, once it has answered; before that, the figures published for the
   * preset's model ({@link PublishedSpeeds}), or empty when there are none.
   */
  @Override
  public Optional<LatencyEstimate> estimate(InferenceRequest request) {
    Optional<LatencyEstimate> learnt = engine.latency().estimate(PromptTokens.estimate(request));
    if (learnt.isPresent()) {
      return learnt;
    }
    return PublishedSpeeds.estimateFor(
        settings.preset(), request.requestedModel().orElse(settings.model()));
  }

  /**
   * Sends the request's first attempt and returns its generation.
   *
   * @throws RateLimitedException before any I/O, when the {@code x-ratelimit-*} headers last seen
   *     for this credential say the request cannot be served before the window resets (no requests
   *     left, or fewer tokens left than its estimated prompt plus {@code maxTokens}); {@link
   *     RateLimitedException#retryAfter()} is the time until that reset. The router then skips
   *     this backend until then.
   */
  @Override
  public Generation start(InferenceRequest request, Deadline deadline) {
    return start(request, deadline, io.infer4j.spi.AttemptObserver.NONE);
  }

  /** Also reports each retry (the second HTTP attempt on) to {@code attempts}. */
  @Override
  public Generation start(InferenceRequest request, Deadline deadline,
      io.infer4j.spi.AttemptObserver attempts) {
    engine.requireOpen();
    String model = request.requestedModel().orElse(settings.model());
    if (model == null && settings.preset() != Preset.LLAMACPP) {
      throw new InvalidRequestException("model", "no model in the request and "
          + "infer4j.backends." + settings.instanceName() + ".model (or infer4j.model) is not set");
    }
    refuseIfRateLimited((long) PromptTokens.estimate(request) + request.sampling().maxTokens());
    return new RemoteGeneration(engine, request, deadline, model, attempts).open();
  }

  /**
   * Embeds on the preset's {@code /v1/embeddings}, with the request's model, else {@code
   * embedding-model}, else {@code model}; within {@code deadline}, retried and refused as a
   * generation is ({@link #start}).
   *
   * @throws UnsupportedCapabilityException when the preset serves no embeddings, before any I/O
   */
  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, Deadline deadline) {
    engine.requireOpen();
    if (!capabilities.contains(Capability.EMBEDDINGS)) {
      throw new UnsupportedCapabilityException(settings.instanceName(), Capability.EMBEDDINGS,
          "preset " + settings.preset().configName() + " serves no /v1/embeddings");
    }
    String model = request.model() != null ? request.model()
        : settings.embeddingModel() != null ? settings.embeddingModel() : settings.model();
    if (model == null && settings.preset() != Preset.LLAMACPP) {
      throw new InvalidRequestException("model", "no model in the request and neither "
          + settings.fullKey("embedding-model") + " nor " + settings.fullKey("model") + " is set");
    }
    long chars = 0;
    for (String input : request.inputs()) {
      chars += input.length();
    }
    refuseIfRateLimited((chars + 3) / 4); // four characters a token
    return new RemoteEmbedding(engine, request, deadline, model).run();
  }

  /** See {@link #start}: refuses, before any I/O, what the credential's limits cannot serve now. */
  private void refuseIfRateLimited(long tokensNeeded) {
    RateLimitTracker.Block block = engine.rateLimits().blocking(tokensNeeded, engine.nowNanos());
    if (block != null) {
      throw new RateLimitedException(settings.instanceName(),
          block.reason() + " (from its x-ratelimit-* headers); not sent", block.retryAfter());
    }
  }

  /**
   * From what this backend has seen, without I/O: down when every endpoint is ejected or the
   * credential's rate-limit headers say no request may be sent before a reset still ahead; see
   * {@link RemoteHealth} for the details.
   */
  @Override
  public io.infer4j.spi.BackendHealth health() {
    return RemoteHealth.of(engine);
  }

  @Override
  public Preset preset() {
    return settings.preset();
  }

  @Override
  public RateLimitStatus rateLimits() {
    return engine.rateLimits().current();
  }

  @Override
  public List<EndpointStatus> endpoints() {
    return engine.pool().statuses();
  }

  /** Calls running or queued on this backend's dispatcher (for leak checks). */
  public int callsInFlight() {
    return dispatcher.runningCallsCount() + dispatcher.queuedCallsCount();
  }

  /** Connections open in this backend's pool, idle or not (for leak checks). */
  public int openConnections() {
    return connections.connectionCount();
  }

  /** Whether {@link #close()} has stopped the dispatcher's threads. */
  public boolean isTerminated() {
    return executor.isTerminated();
  }

  @Override
  public void close() {
    if (!engine.markClosed()) {
      return;
    }
    dispatcher.cancelAll();
    executor.shutdown();
    connections.evictAll();
  }

  @Override
  public String toString() {
    return "RemoteBackend[" + settings + "]";
  }
}
