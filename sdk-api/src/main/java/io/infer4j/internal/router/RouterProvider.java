package io.infer4j.internal.router;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.internal.ConfigValues;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.CompositeBackendProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The provider {@code router}: a backend that routes each request to one of several configured
 * backend instances by its latency budget, falls back, hedges and explains its decision.
 *
 * <p><b>Router keys</b> (each may also be set per router instance as {@code
 * infer4j.backends.<router>.<key>}, which wins):
 *
 * <ul>
 *   <li>{@code infer4j.router.backends} (required): the instances to route among, comma-separated,
 *       e.g. {@code sim,groq}; each is created like any configured instance.
 *   <li>{@code infer4j.router.policy} = {@code fastest} (default) | {@code cheapest-within-budget}
 *       | {@code priority-within-budget}.
 *   <li>{@code infer4j.router.when-none-fits} = {@code fail} (default: {@link
 *       io.infer4j.DeadlineExceededException} at once, no attempt) | {@code fastest} (serve with the
 *       fastest predicted and say so in the reason).
 *   <li>{@code infer4j.router.hedging} = {@code false} (default) | {@code true}.
 *   <li>{@code infer4j.router.hedge-budget} = {@code 0.1}: hedges allowed per request on average (at
 *       most 10 in a burst).
 *   <li>{@code infer4j.router.hedge-threads} = {@code 32}: most hedge threads at once.
 *   <li>{@code infer4j.router.hedge-unknown-share} = {@code 0.5}: hedging into the unknown, on even
 *       with {@code hedging} off: a first choice with no prediction that has no first token after
 *       this share of the first-token budget gets the next candidate started too ({@link
 *       HedgedRace}); 0 turns it off.
 *   <li>{@code infer4j.router.confidence} = {@code 0.9}: the probability with which a candidate
 *       must meet the budget (its predictions are taken at this quantile).
 *   <li>{@code infer4j.router.window} = {@code 5m} and {@code infer4j.router.window-size} = {@code
 *       64}: observations count for this long, at most this many per backend.
 *   <li>{@code infer4j.router.breaker.failures} = {@code 3}, {@code breaker.cool-down} = {@code 1s},
 *       {@code breaker.max-cool-down} = {@code 1m}: consecutive failures that cool a backend down,
 *       the first re-admission delay (doubling on each re-open) and its cap.
 *   <li>{@code infer4j.router.rate-limit-wait} = {@code 1s}: how long to skip a backend after a rate
 *       limit that named no retry time.
 *   <li>{@code infer4j.router.probe} = {@code off} (default) | {@code on-start}, and {@code
 *       probe-timeout} = {@code 2s}: at start, one tiny request to each member nothing is known
 *       about, its time to first token a first observation ({@link RouterProbe}; off by default
 *       since each probe is a real, billed request).
 *   <li>{@code infer4j.router.state-file} (unset by default): a file where the router keeps what it
 *       learnt across restarts, read at start and written at close ({@link RouterStateFile}); a
 *       missing, stale or corrupt one is ignored with one log line.
 * </ul>
 *
 * <p><b>Per routed backend</b> ({@code infer4j.backends.<name>.}): {@code cost-per-million-tokens}
 * (default 0), {@code priority} (lower first; default its position in the list, from 1), and the
 * priors used before the first observation: {@code prior-ttft}, {@code prior-prefill-per-token},
 * {@code prior-per-token} (durations such as {@code 150ms}). A backend that estimates its own
 * latency (the simulators) needs no priors.
 *
 * <p>Creating the router creates its members; if one fails, those already created are closed and
 * the error names the key at fault.
 */
public final class RouterProvider implements CompositeBackendProvider {

  @Override
  public String name() {
    return "router";
  }

  @Override
  public Backend create(BackendConfig config, Members created) {
    RouterSettings settings = RouterSettings.read(config);
    List<Member> members = new ArrayList<>();
    try {
      List<String> names = settings.backends();
      for (int i = 0; i < names.size(); i++) {
        BackendProfile profile = profile(config, names.get(i), i + 1);
        Backend backend = created.create(names.get(i), RouterSettings.backendsKey(config));
        members.add(new Member(profile, backend, settings));
      }
    } catch (RuntimeException e) {
      members.forEach(m -> closeQuietly(m.backend(), e));
      throw e;
    }
    RouterBackend router = new RouterBackend(config.instanceName(), members, settings,
        System::nanoTime, RouterSettings.stateFile(config).orElse(null),
        System::currentTimeMillis);
    if (RouterSettings.probeOnStart(config)) {
      router.startProbes(RouterSettings.probeTimeout(config), RouterProvider::probeThread);
    }
    return router;
  }

  /** Reads {@code infer4j.backends.<name>.cost-per-million-tokens}, {@code .priority} and priors. */
  static BackendProfile profile(BackendConfig config, String name, int defaultPriority) {
    String prefix = BackendConfig.BACKENDS_PREFIX + name + ".";
    double cost = config.getGlobal(prefix + "cost-per-million-tokens")
        .map(v -> ConfigValues.parseDouble(prefix + "cost-per-million-tokens", v))
        .orElse(0.0);
    if (cost < 0) {
      throw new InvalidConfigurationException(
          prefix + "cost-per-million-tokens", String.valueOf(cost), "must be >= 0");
    }
    int priority = config.getGlobal(prefix + "priority")
        .map(v -> ConfigValues.parseInt(prefix + "priority", v))
        .orElse(defaultPriority);
    return new BackendProfile(
        name,
        cost,
        priority,
        duration(config, prefix + "prior-ttft"),
        duration(config, prefix + "prior-prefill-per-token"),
        duration(config, prefix + "prior-per-token"));
  }

  private static Duration duration(BackendConfig config, String key) {
    Optional<String> raw = config.getGlobal(key);
    return raw.map(v -> ConfigValues.parseDuration(key, v)).orElse(null);
  }

  private static final java.util.concurrent.atomic.AtomicInteger PROBES =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Runs one start-up probe on a daemon thread of its own (it ends with the probe). */
  private static void probeThread(Runnable probe) {
    Thread t = new Thread(probe, "infer4j-router-probe-" + PROBES.incrementAndGet());
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Backend b, RuntimeException into) {
    try {
      b.close();
    } catch (RuntimeException e) {
      into.addSuppressed(e);
    }
  }
}
