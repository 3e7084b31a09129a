package io.infer4j.internal.router;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.internal.ConfigValues;
import io.infer4j.spi.BackendConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The router's own settings. Each key is read first under the router's instance ({@code
 * infer4j.backends.<router>.<key>}, so two router instances can differ) and then under {@code
 * infer4j.router.<key>}. The keys and defaults are listed on {@link RouterProvider}.
 *
 * @param backends instance names to route among, in configured order (no duplicates)
 * @param policy how candidates that fit are ranked
 * @param whenNoneFits fail at once, or serve with the fastest
 * @param hedging whether a late first choice gets a hedge
 * @param hedgeBudget hedges allowed per request on average, in {@code [0, 1]} (0.1 = 10% extra)
 * @param confidence probability with which a candidate must meet the budget, in {@code (0, 1)};
 *     the router compares this quantile of its predictions with the budget
 * @param window how long an observation counts
 * @param windowSize most observations kept per backend and kind
 * @param breakerFailures consecutive failures that open a backend's circuit breaker
 * @param breakerCoolDown the first re-admission delay; it doubles each time the breaker re-opens
 * @param breakerMaxCoolDown the cap of the re-admission delay
 * @param rateLimitWait how long a backend is skipped after a rate limit that named no wait
 * @param hedgeThreads most threads pulling first tokens for hedged requests at once
 * @param hedgeUnknownShare hedging into the unknown, on even with {@code hedging} off: when the
 *     first choice is a backend with no prediction yet and has no first token after this share of
 *     the first-token budget (earlier if the next candidate's predicted time to first token needs
 *     it), the next candidate starts too and the first to answer serves; 0 turns it off. In
 *     {@code [0, 1)}
 */
record RouterSettings(
    List<String> backends,
    Policy policy,
    WhenNoneFits whenNoneFits,
    boolean hedging,
    double hedgeBudget,
    double confidence,
    Duration window,
    int windowSize,
    int breakerFailures,
    Duration breakerCoolDown,
    Duration breakerMaxCoolDown,
    Duration rateLimitWait,
    int hedgeThreads,
    double hedgeUnknownShare) {

  /** Prefix of the router-wide keys. */
  static final String PREFIX = "infer4j.router.";

  RouterSettings {
    backends = List.copyOf(backends);
    if (backends.isEmpty()) {
      throw new IllegalArgumentException("backends must not be empty");
    }
    if (new LinkedHashSet<>(backends).size() != backends.size()) {
      throw new IllegalArgumentException("backends must not repeat: " + backends);
    }
    if (!(hedgeBudget >= 0 && hedgeBudget <= 1)) {
      throw new IllegalArgumentException("hedgeBudget must be in [0, 1]: " + hedgeBudget);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
    }
    if (!(hedgeUnknownShare >= 0 && hedgeUnknownShare < 1)) {
      throw new IllegalArgumentException("hedgeUnknownShare must be in [0, 1): " + hedgeUnknownShare);
    }
    if (windowSize < 1 || breakerFailures < 1 || hedgeThreads < 1) {
      throw new IllegalArgumentException("windowSize, breakerFailures, hedgeThreads must be >= 1");
    }
  }

  /** Defaults for the given backends: fastest, fail when none fits, no hedging. */
  static RouterSettings defaults(List<String> backends) {
    return new RouterSettings(backends, Policy.FASTEST, WhenNoneFits.FAIL, false, 0.1, 0.9,
        Duration.ofMinutes(5), 64, 3, Duration.ofSeconds(1), Duration.ofMinutes(1),
        Duration.ofSeconds(1), 32, 0.5);
  }

  RouterSettings withPolicy(Policy p) {
    return new RouterSettings(backends, p, whenNoneFits, hedging, hedgeBudget, confidence, window,
        windowSize, breakerFailures, breakerCoolDown, breakerMaxCoolDown, rateLimitWait, hedgeThreads,
        hedgeUnknownShare);
  }

  RouterSettings withWhenNoneFits(WhenNoneFits w) {
    return new RouterSettings(backends, policy, w, hedging, hedgeBudget, confidence, window,
        windowSize, breakerFailures, breakerCoolDown, breakerMaxCoolDown, rateLimitWait, hedgeThreads,
        hedgeUnknownShare);
  }

  RouterSettings withHedging(boolean on, double budget) {
    return new RouterSettings(backends, policy, whenNoneFits, on, budget, confidence, window,
        windowSize, breakerFailures, breakerCoolDown, breakerMaxCoolDown, rateLimitWait, hedgeThreads,
        hedgeUnknownShare);
  }

  RouterSettings withHedgeUnknownShare(double share) {
    return new RouterSettings(backends, policy, whenNoneFits, hedging, hedgeBudget, confidence,
        window, windowSize, breakerFailures, breakerCoolDown, breakerMaxCoolDown, rateLimitWait,
        hedgeThreads, share);
  }

  RouterSettings withHedgeThreads(int threads) {
    return new RouterSettings(backends, policy, whenNoneFits, hedging, hedgeBudget, confidence,
        window, windowSize, breakerFailures, breakerCoolDown, breakerMaxCoolDown, rateLimitWait, threads,
        hedgeUnknownShare);
  }

  RouterSettings withBreaker(int failures, Duration coolDown, Duration maxCoolDown) {
    return new RouterSettings(backends, policy, whenNoneFits, hedging, hedgeBudget, confidence,
        window, windowSize, failures, coolDown, maxCoolDown, rateLimitWait, hedgeThreads,
        hedgeUnknownShare);
  }

  /** The full key that lists the routed backends for this router instance. */
  static String backendsKey(BackendConfig config) {
    return new Reader(config).keyOf("backends");
  }

  /** Reads the settings, failing with the full key and value of the first bad one. */
  static RouterSettings read(BackendConfig config) {
    Reader r = new Reader(config);
    String backendsKey = r.keyOf("backends");
    List<String> backends = r.raw("backends")
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
    if (backends.isEmpty()) {
      throw new InvalidConfigurationException(
          backendsKey, null, "the router needs at least one backend, e.g. " + PREFIX + "backends=sim,groq");
    }
    if (new LinkedHashSet<>(backends).size() != backends.size()) {
      throw new InvalidConfigurationException(
          backendsKey, String.join(",", backends), "a backend is listed twice");
    }
    if (backends.contains(config.instanceName())) {
      throw new InvalidConfigurationException(
          backendsKey, String.join(",", backends), "the router cannot route to itself");
    }
    RouterSettings d = defaults(backends);
    double hedgeBudget = r.get("hedge-budget", ConfigValues::parseDouble, d.hedgeBudget());
    r.check("hedge-budget", hedgeBudget >= 0 && hedgeBudget <= 1, hedgeBudget, "must be in [0, 1]");
    double confidence = r.get("confidence", ConfigValues::parseDouble, d.confidence());
    r.check("confidence", confidence > 0 && confidence < 1, confidence, "must be in (0, 1), e.g. 0.9");
    int windowSize = r.get("window-size", ConfigValues::parseInt, d.windowSize());
    r.check("window-size", windowSize >= 1, windowSize, "must be >= 1");
    int failures = r.get("breaker.failures", ConfigValues::parseInt, d.breakerFailures());
    r.check("breaker.failures", failures >= 1, failures, "must be >= 1");
    int threads = r.get("hedge-threads", ConfigValues::parseInt, d.hedgeThreads());
    r.check("hedge-threads", threads >= 1, threads, "must be >= 1");
    double unknownShare =
        r.get("hedge-unknown-share", ConfigValues::parseDouble, d.hedgeUnknownShare());
    r.check("hedge-unknown-share", unknownShare >= 0 && unknownShare < 1, unknownShare,
        "must be in [0, 1): 0 turns hedging into the unknown off");
    return new RouterSettings(
        backends,
        r.raw("policy").map(v -> Policy.parse(r.keyOf("policy"), v)).orElse(d.policy()),
        r.raw("when-none-fits").map(v -> WhenNoneFits.parse(r.keyOf("when-none-fits"), v))
            .orElse(d.whenNoneFits()),
        r.get("hedging", ConfigValues::parseBoolean, d.hedging()),
        hedgeBudget,
        confidence,
        r.positive("window", d.window()),
        windowSize,
        failures,
        r.positive("breaker.cool-down", d.breakerCoolDown()),
        r.positive("breaker.max-cool-down", d.breakerMaxCoolDown()),
        r.positive("rate-limit-wait", d.rateLimitWait()),
        threads,
        unknownShare);
  }

  /**
   * {@code state-file}: where the router keeps what it learnt across restarts ({@link
   * RouterStateFile}); empty (the default) keeps nothing.
   */
  static Optional<java.nio.file.Path> stateFile(BackendConfig config) {
    Reader r = new Reader(config);
    return r.raw("state-file").filter(v -> !v.isBlank()).map(v -> {
      try {
        return java.nio.file.Path.of(v.trim());
      } catch (java.nio.file.InvalidPathException e) {
        throw new InvalidConfigurationException(r.keyOf("state-file"), v,
            "not a file path: " + e.getReason());
      }
    });
  }

  /**
   * {@code probe}: {@code off} (the default) or {@code on-start} (probe the members nothing is
   * known about when the router starts, see {@link RouterProbe}).
   */
  static boolean probeOnStart(BackendConfig config) {
    Reader r = new Reader(config);
    String v = r.raw("probe").map(String::trim).orElse("off");
    r.check("probe", v.equals("off") || v.equals("on-start"), v, "must be off or on-start");
    return v.equals("on-start");
  }

  /** {@code probe-timeout}: the most one start-up probe may take (default 2 s). */
  static Duration probeTimeout(BackendConfig config) {
    return new Reader(config).positive("probe-timeout", Duration.ofSeconds(2));
  }

  /** Looks a key up under the router instance, then under {@code infer4j.router.}. */
  private static final class Reader {
    private final BackendConfig config;

    Reader(BackendConfig config) {
      this.config = config;
    }

    String keyOf(String key) {
      return config.get(key).isPresent() ? config.fullKey(key) : PREFIX + key;
    }

    Optional<String> raw(String key) {
      return config.get(key).or(() -> config.getGlobal(PREFIX + key));
    }

    <T> T get(String key, BiFunction<String, String, T> parse, T defaultValue) {
      return raw(key).map(v -> parse.apply(keyOf(key), v)).orElse(defaultValue);
    }

    Duration positive(String key, Duration defaultValue) {
      Duration d = get(key, ConfigValues::parseDuration, defaultValue);
      check(key, !d.isNegative() && !d.isZero(), raw(key).orElse(""), "must be a positive duration");
      return d;
    }

    void check(String key, boolean ok, Object value, String problem) {
      if (!ok) {
        throw new InvalidConfigurationException(keyOf(key), raw(key).orElse(String.valueOf(value)), problem);
      }
    }
  }
}
