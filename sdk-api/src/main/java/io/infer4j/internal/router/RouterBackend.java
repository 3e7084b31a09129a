package io.infer4j.internal.router;

import io.infer4j.EmbeddingRequest;
import io.infer4j.EmbeddingResponse;
import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.RouteDecision;
import io.infer4j.UnsupportedCapabilityException;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The latency-budget router as a {@link Backend}: per request it plans (see {@link Planner}),
 * then serves through a {@link RoutedGeneration} (fallback, hedging, learning). The SDK's client
 * wraps it like any backend; responses report the instance that served and the decision. Not
 * API: configure it with {@code infer4j.backend=router} (see {@link RouterProvider}) and ask for a
 * decision with {@code io.infer4j.Routing#explain}, which reaches it through {@link
 * Backend#explain}.
 *
 * <p>Thread-safe: concurrent requests share only the learnt statistics, breakers, rate limits and
 * the hedge budget, each guarded. The router owns its member backends and closes them; hedging
 * uses a bounded pool of daemon threads ({@code hedge-threads}), shut down on close.
 */
public final class RouterBackend implements Backend {

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final String name;
  private final List<Member> members;
  private final RouterSettings settings;
  private final LongSupplier nanoClock;
  private final Planner planner;
  private final HedgeBudget hedgeBudget;
  private final ExecutorService pullers; // null without hedging
  private final AtomicBoolean closed = new AtomicBoolean();
  private final java.nio.file.Path stateFile; // null: nothing kept across restarts
  private volatile RouterProbe probe; // null: no start-up probing
  private final LongSupplier epochMillis;

  RouterBackend(String name, List<Member> members, RouterSettings settings, LongSupplier nanoClock) {
    this(name, members, settings, nanoClock, null, System::currentTimeMillis);
  }

  /**
   * @param stateFile where what the router learns is kept across restarts (read now, written at
   *     close), or null
   * @param epochMillis the wall clock the state file's ages are measured with
   */
  RouterBackend(String name, List<Member> members, RouterSettings settings, LongSupplier nanoClock,
      java.nio.file.Path stateFile, LongSupplier epochMillis) {
    this.name = Objects.requireNonNull(name, "name");
    this.members = List.copyOf(members);
    this.settings = Objects.requireNonNull(settings, "settings");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.planner = new Planner(name, this.members, settings);
    this.hedgeBudget = new HedgeBudget(settings.hedgeBudget(), 10);
    // hedge threads when hedging is on, or for hedging into the unknown (started on demand)
    this.pullers = settings.hedging() || settings.hedgeUnknownShare() > 0
        ? newPool(settings.hedgeThreads()) : null;
    this.stateFile = stateFile;
    this.epochMillis = Objects.requireNonNull(epochMillis, "epochMillis");
    if (stateFile != null) {
      RouterStateFile.load(stateFile, this.members, planner.outputLengths(), nanoClock,
          epochMillis.getAsLong(), settings.window().toNanos());
    }
  }

  /**
   * Probes the members nothing is known about (see {@link RouterProbe}) on {@code executor}, one
   * task each, and returns at once.
   */
  RouterProbe startProbes(Duration timeout, java.util.concurrent.Executor executor) {
    RouterProbe p = RouterProbe.start(members, timeout, nanoClock, executor);
    probe = p;
    return p;
  }

  /** The lengths of the answers this router served (its planner's). */
  OutputLengths outputLengths() {
    return planner.outputLengths();
  }

  private static ExecutorService newPool(int max) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(
        0, max, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "infer4j-router-" + THREADS.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    return pool;
  }

  /** The router's instance name. */
  public String name() {
    return name;
  }

  /** The instance names routed to, in configured order. */
  public List<String> backendNames() {
    List<String> names = new ArrayList<>(members.size());
    members.forEach(m -> names.add(m.name()));
    return names;
  }

  /**
   * What the router would decide for the request now, without starting anything or changing
   * what it has learnt: the candidates with their predictions and notes, the first choice (empty
   * when it would fail at once, the reason then says why) and no attempts. Never empty.
   */
  @Override
  public Optional<RouteDecision> explain(InferenceRequest request) {
    Objects.requireNonNull(request, "request");
    Deadline deadline = Deadline.start(request.budget(), nanoClock, Clock.systemUTC());
    return Optional.of(planner.plan(request, deadline).toDecision());
  }

  /**
   * Chat, raw prompt, streaming and remote if any member has them; seeded sampling and simulated
   * timing only if every member has them. The router makes no estimate of its own.
   */
  @Override
  public Set<Capability> capabilities() {
    Set<Capability> any = EnumSet.noneOf(Capability.class);
    Set<Capability> all = EnumSet.of(Capability.SEEDED_SAMPLING, Capability.SIMULATED_TIMING);
    for (Member m : members) {
      any.addAll(m.backend().capabilities());
      all.retainAll(m.backend().capabilities());
    }
    any.removeAll(EnumSet.of(
        Capability.SEEDED_SAMPLING, Capability.SIMULATED_TIMING, Capability.LATENCY_ESTIMATE));
    any.addAll(all);
    return any;
  }

  /**
   * Embeds on the first member, in configured order, that embeds and whose circuit is closed; a
   * retryable failure moves on to the next such member. Vectors of different models are not
   * comparable, so a deployment that mixes embedding models should name the model on the request.
   *
   * @throws UnsupportedCapabilityException when no member embeds
   */
  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, Deadline deadline) {
    InferenceException last = null;
    for (Member m : members) {
      if (!m.backend().capabilities().contains(Capability.EMBEDDINGS)
          || m.breaker().state(nanoClock.getAsLong()) == CircuitBreaker.State.OPEN) {
        continue;
      }
      try {
        EmbeddingResponse r = m.backend().embed(request, deadline);
        return new EmbeddingResponse(r.embeddings(), r.model(), r.promptTokens(), m.name());
      } catch (InferenceException e) {
        if (!e.isRetryable()) {
          throw e;
        }
        last = e;
      }
    }
    if (last != null) {
      throw last;
    }
    throw new UnsupportedCapabilityException(name, Capability.EMBEDDINGS,
        "no member embeds (or every one that does is open-circuited)");
  }

  /**
   * Plans and starts serving. Fails at once, before any attempt, when the budget is already spent
   * ({@link io.infer4j.DeadlineExceededException}), when none is predicted to fit and the router
   * is set to fail (the same), or when no backend is available ({@link
   * io.infer4j.BackendUnavailableException}, or {@link io.infer4j.RateLimitedException} when all
   * are rate limited). The first attempt starts on the first {@code next()}. Each such failure
   * carries the plan's decision ({@link InferenceException#route()}), naming every candidate
   * and why it was not used; later failures carry the decision with the attempts (see {@link
   * RoutedGeneration}).
   */
  @Override
  public Generation start(InferenceRequest request, Deadline deadline) {
    return start(request, deadline, io.infer4j.spi.AttemptObserver.NONE);
  }

  /** Also reports every attempt (first choice, fallbacks, hedges) to {@code observer}. */
  @Override
  public Generation start(
      InferenceRequest request, Deadline deadline, io.infer4j.spi.AttemptObserver observer) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(deadline, "deadline");
    if (closed.get()) {
      throw new io.infer4j.BackendUnavailableException(name, "router is closed", false);
    }
    Plan plan = planner.plan(request, deadline);
    try {
      deadline.check(false, ""); // the one check before any attempt; fallbacks check again
    } catch (InferenceException e) {
      throw e.withRoute(plan.toDecision());
    }
    if (plan.failure() != null) {
      throw plan.failure().withRoute(plan.toDecision());
    }
    hedgeBudget.onRequest();
    return new RoutedGeneration(new RouteRequest(this, request, deadline, plan, observer));
  }

  /**
   * Up while at least one member is eligible (its circuit not open, not rate limited, its own
   * health up), with each member's state under its name: see {@link RouterHealth}. {@code CLOSED}
   * once closed, or when every member is.
   */
  @Override
  public io.infer4j.spi.BackendHealth health() {
    if (closed.get()) {
      return io.infer4j.spi.BackendHealth.closed("router is closed");
    }
    return RouterHealth.of(members, nanoClock.getAsLong());
  }

  /** Closes every member backend and stops the hedge threads. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (pullers != null) {
      pullers.shutdownNow();
    }
    RouterProbe p = probe;
    if (p != null) {
      p.close();
    }
    if (stateFile != null) {
      RouterStateFile.save(stateFile, members, planner.outputLengths(), nanoClock,
          epochMillis.getAsLong());
    }
    RuntimeException first = null;
    for (Member m : members) {
      try {
        m.backend().close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  RouterSettings settings() {
    return settings;
  }

  /** Whether a request's first chunk may be raced against a hedge (see {@link HedgedRace}). */
  boolean hedging() {
    return pullers != null;
  }

  /** The hedge threads, or null without hedging or after close. */
  ExecutorService pullers() {
    return pullers == null || pullers.isShutdown() ? null : pullers;
  }

  HedgeBudget hedgeBudget() {
    return hedgeBudget;
  }

  List<Member> members() {
    return members;
  }

  @Override
  public String toString() {
    return "RouterBackend[" + name + " over " + backendNames() + ", " + settings.policy().configName() + "]";
  }
}
