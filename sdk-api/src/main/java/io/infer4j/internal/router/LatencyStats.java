package io.infer4j.internal.router;

import java.time.Duration;
import java.util.Optional;

/**
 * The online latency model of one backend, learnt from the attempts the router makes.
 *
 * <p><b>Model.</b> Time to first token = queue + prefill, where prefill grows with the prompt:
 * {@code ttft = queue + slope * promptTokens}. The slope is fitted by least squares over the live
 * observations once there are at least {@value #MIN_FIT} of them with different prompt sizes
 * (clamped at 0), else it is the configured prior ({@code prior-prefill-per-token}, default 0);
 * the queue part is the quantile of the residuals. Each further token costs the quantile of the
 * observed per-token times. Observations age out after the window and at most {@code windowSize}
 * are kept, so the quantiles follow recent behaviour.
 *
 * <p><b>Failures</b> never count as latency (a backend that fails in 1 ms must not look fast).
 * They raise the quantile used instead: to meet the budget with probability {@code p} a backend
 * that fails a share {@code f} of attempts must be fast enough at quantile {@code p / (1 - f)}
 * (capped at the slowest live observation); {@code f} counts live outcomes plus one success, so
 * one early failure does not condemn a backend.
 *
 * <p><b>Cut off.</b> An attempt cancelled before its first token (the primary a hedge beat) says
 * only that its first token would have come later than it had waited: a lower bound, kept apart
 * ({@link #recordFirstTokenAtLeast}). Among live observations it counts as one at its bound (so a
 * backend that keeps losing races does not keep looking fast); alone, it never stands for an
 * observation, which would make a backend cut off early look fast (one cut at 112 ms by a hedge
 * then "fit" a 200 ms budget it took 800 ms to answer): a backend known only by lower bounds
 * has no prediction without priors, and its priors' time to first token raised to the largest
 * bound with them.
 *
 * <p>Before any live observation the configured priors are used; without priors there is no
 * prediction. Thread-safe (all methods synchronize on this object).
 */
final class LatencyStats {

  static final int MIN_FIT = 4;

  private final SampleWindow ttft; // value: ttft ns, covariate: prompt tokens
  private final SampleWindow perToken; // value: ns per token after the first
  private final SampleWindow outcomes; // value: 1 failed, 0 succeeded
  private final SampleWindow probes; // one entry per ttft observation that came from a probe
  private final SampleWindow ttftAtLeast; // value: ns an attempt waited before it was cut off

  LatencyStats(int capacity, Duration window) {
    long w = window.toNanos();
    this.ttft = new SampleWindow(capacity, w);
    this.perToken = new SampleWindow(capacity, w);
    this.outcomes = new SampleWindow(capacity, w);
    this.probes = new SampleWindow(capacity, w);
    this.ttftAtLeast = new SampleWindow(capacity, w);
  }

  // Quantiles are recomputed only when an observation arrives, the quantile asked changes or the
  // oldest observation ages out, so a routing decision usually costs no sorting.
  private long version; // bumped by every record
  private Fit fit;
  private long shareVersion = -1;
  private long shareValidUntil;
  private double share;

  /** A first token (or an empty answer) came {@code ttftNanos} after the attempt started. */
  synchronized void recordFirstToken(long ttftNanos, int promptTokens, long nowNanos) {
    ttft.add(Math.max(0, ttftNanos), promptTokens, nowNanos);
    version++;
  }

  /**
   * An attempt was cut off after waiting {@code waitedNanos} without a first token (it lost a
   * race to its hedge): its first token would have come later.
   */
  synchronized void recordFirstTokenAtLeast(long waitedNanos, int promptTokens, long nowNanos) {
    ttftAtLeast.add(Math.max(0, waitedNanos), promptTokens, nowNanos);
    version++;
  }

  /**
   * A start-up probe's first token came {@code ttftNanos} after it started: an observation like
   * {@link #recordFirstToken}'s, which the decision's notes say came from a probe.
   */
  synchronized void recordProbe(long ttftNanos, int promptTokens, long nowNanos) {
    ttft.add(Math.max(0, ttftNanos), promptTokens, nowNanos);
    probes.add(1, 0, nowNanos);
    version++;
  }

  /** After the first token, each further token took {@code nanosPerToken} on average. */
  synchronized void recordPerToken(long nanosPerToken, long nowNanos) {
    perToken.add(Math.max(0, nanosPerToken), 0, nowNanos);
    version++;
  }

  synchronized void recordSuccess(long nowNanos) {
    outcomes.add(0, 0, nowNanos);
    version++;
  }

  synchronized void recordFailure(long nowNanos) {
    outcomes.add(1, 0, nowNanos);
    version++;
  }

  /** The kinds of observation {@link #export} gives and {@link #restore} takes. */
  static final String TTFT = "ttft";
  static final String PER_TOKEN = "per-token";
  static final String OUTCOME = "outcome";
  static final String TTFT_AT_LEAST = "ttft-at-least";

  /** Gives {@code sink} every live observation, each kind oldest first (for the state file). */
  synchronized void export(long nowNanos, Exported sink) {
    ttft.forEachLive(nowNanos, (v, c, age) -> sink.accept(TTFT, v, c, age));
    perToken.forEachLive(nowNanos, (v, c, age) -> sink.accept(PER_TOKEN, v, c, age));
    outcomes.forEachLive(nowNanos, (v, c, age) -> sink.accept(OUTCOME, v, c, age));
    ttftAtLeast.forEachLive(nowNanos, (v, c, age) -> sink.accept(TTFT_AT_LEAST, v, c, age));
  }

  /** Receives one observation of {@link #export}. */
  interface Exported {
    void accept(String kind, long value, long covariate, long ageNanos);
  }

  /**
   * Takes back an observation {@link #export} gave, now {@code ageNanos} old (it counts until it
   * leaves the window); false for an unknown kind.
   */
  synchronized boolean restore(String kind, long value, long covariate, long ageNanos,
      long nowNanos) {
    SampleWindow w = switch (kind) {
      case TTFT -> ttft;
      case PER_TOKEN -> perToken;
      case OUTCOME -> outcomes;
      case TTFT_AT_LEAST -> ttftAtLeast;
      default -> null;
    };
    if (w == null) {
      return false;
    }
    w.add(value, covariate, nowNanos - ageNanos);
    version++;
    return true;
  }

  /** The share of failed attempts in the window, with one success assumed. */
  synchronized double failureShare(long nowNanos) {
    if (shareVersion != version || nowNanos - shareValidUntil >= 0) {
      long[] o = outcomes.live(nowNanos)[0];
      long failed = 0;
      for (long x : o) {
        failed += x;
      }
      share = failed / (o.length + 1.0);
      shareVersion = version;
      shareValidUntil = outcomes.nextExpiry(nowNanos);
    }
    return share;
  }

  /** Whether a first token (live or from a probe) is within the window at {@code nowNanos}. */
  synchronized boolean hasFirstTokens(long nowNanos) {
    return ttft.anyLive(nowNanos);
  }

  /** The quantile to use for confidence {@code p} given the failure share: {@code p / (1 - f)}. */
  static double effectiveQuantile(double p, double failureShare) {
    return Math.min(1.0, p / Math.max(1e-9, 1.0 - failureShare));
  }

  /**
   * The prediction at quantile {@code q} for a prompt of {@code promptTokens} and up to {@code
   * maxTokens} tokens, or empty when there is neither a live observation nor a prior.
   */
  synchronized Optional<Prediction> predict(
      BackendProfile priors, int promptTokens, int maxTokens, double q, long nowNanos) {
    Fit f = fit;
    if (f == null || f.version != version || f.quantile != q || nowNanos - f.validUntil >= 0) {
      f = fit = computeFit(priors, q, nowNanos);
    }
    long priorPer = nanos(priors.priorPerToken());
    long perTok = f.perTokenQuantile >= 0 ? f.perTokenQuantile : priorPer;
    long first;
    String source;
    if (f.count == 0) {
      if (priors.priorTimeToFirstToken() == null) {
        return Optional.empty(); // lower bounds alone predict nothing
      }
      first = nanos(priors.priorTimeToFirstToken())
          + nanos(priors.priorPrefillPerToken()) * promptTokens;
      source = "configured priors";
      if (f.atLeast > first) {
        first = f.atLeast;
        source += ", raised to the " + Planner.ms(f.atLeast) + " an attempt waited before it was"
            + " cut off";
      }
    } else {
      first = Math.max(0, f.queueQuantile + Math.round(f.slope * promptTokens));
      source = f.source;
    }
    return Optional.of(Prediction.of(first, perTok, maxTokens, source));
  }

  private Fit computeFit(BackendProfile priors, double q, long nowNanos) {
    long[][] t = ttft.live(nowNanos);
    long[] per = perToken.live(nowNanos)[0];
    long perQ = per.length > 0 ? SampleWindow.quantile(per, q) : -1;
    long validUntil = Math.min(Math.min(ttft.nextExpiry(nowNanos), perToken.nextExpiry(nowNanos)),
        ttftAtLeast.nextExpiry(nowNanos));
    long[][] bounds = ttftAtLeast.live(nowNanos);
    long atLeast = 0; // the largest live lower bound
    for (long v : bounds[0]) {
      atLeast = Math.max(atLeast, v);
    }
    int observed = t[0].length;
    if (observed == 0) {
      return new Fit(version, q, validUntil, 0, 0, 0, perQ, "", atLeast);
    }
    int cut = bounds[0].length;
    if (cut > 0) { // with observations, each lower bound counts as one at its value
      long[] values = java.util.Arrays.copyOf(t[0], observed + cut);
      long[] covariates = java.util.Arrays.copyOf(t[1], observed + cut);
      System.arraycopy(bounds[0], 0, values, observed, cut);
      System.arraycopy(bounds[1], 0, covariates, observed, cut);
      t = new long[][] {values, covariates};
    }
    int n = t[0].length;
    double slope = fitSlope(t[0], t[1], nanos(priors.priorPrefillPerToken()));
    long[] residuals = new long[n];
    for (int i = 0; i < n; i++) {
      residuals[i] = t[0][i] - Math.round(slope * t[1][i]);
    }
    int probed = probes.live(nowNanos)[0].length;
    return new Fit(version, q, validUntil, n, slope, SampleWindow.quantile(residuals, q), perQ,
        "learnt from " + observed + " observation" + (observed == 1 ? "" : "s")
            + (probed == 0 ? "" : " (" + probed + " from a start-up probe)")
            + (cut == 0 ? "" : " and " + cut + " wait" + (cut == 1 ? "" : "s") + " cut off"),
        atLeast);
  }

  /** The quantiles and slope computed from one state of the windows. */
  private static final class Fit {
    final long version;
    final double quantile;
    final long validUntil;
    final int count;
    final double slope;
    final long queueQuantile;
    final long perTokenQuantile; // -1 when no per-token observation is live
    final String source;
    final long atLeast; // the largest live lower bound of the time to first token; 0 when none

    Fit(long version, double quantile, long validUntil, int count, double slope, long queueQuantile,
        long perTokenQuantile, String source, long atLeast) {
      this.version = version;
      this.quantile = quantile;
      this.validUntil = validUntil;
      this.count = count;
      this.slope = slope;
      this.queueQuantile = queueQuantile;
      this.perTokenQuantile = perTokenQuantile;
      this.source = source;
      this.atLeast = atLeast;
    }
  }

  /** Least-squares slope of value on covariate, clamped at 0; the prior without enough spread. */
  private static double fitSlope(long[] y, long[] x, long prior) {
    int n = y.length;
    if (n < MIN_FIT) {
      return prior;
    }
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= n;
    my /= n;
    double cov = 0;
    double var = 0;
    for (int i = 0; i < n; i++) {
      cov += (x[i] - mx) * (y[i] - my);
      var += (x[i] - mx) * (x[i] - mx);
    }
    return var == 0 ? prior : Math.max(0, cov / var);
  }

  private static long nanos(Duration d) {
    return d == null ? 0 : d.toNanos();
  }
}
