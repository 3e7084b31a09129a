package io.infer4j.internal.router;

import java.time.Duration;

/**
 * How long the router's answers are, learnt from those it served, so that a prediction is for the
 * answer a request is likely to get and not for its {@code max-tokens}: with the default 256 and a
 * few milliseconds per token, a backend whose answers take 170 ms would otherwise be predicted at
 * seconds and excluded from a 5 s budget.
 *
 * <p>One window for the whole router (the length of an answer is the request's and the model's
 * doing, much less the backend's), kept as {@link LatencyStats}'s windows are. An answer cut at its
 * {@code max-tokens} is censored: the answer would have been at least that long, so for a new
 * request it counts as reaching the new request's {@code max-tokens}. The length used is the
 * router's confidence quantile of the live lengths, at most {@code max-tokens}; before any answer,
 * {@code max-tokens} itself. Thread-safe.
 */
final class OutputLengths {

  private final SampleWindow lengths; // value: tokens; covariate: 1 when cut at its max-tokens

  // The last answer of expected(), valid while nothing was recorded, nothing aged out and the
  // same max-tokens and quantile are asked: a decision usually costs no sorting.
  private long version;
  private long cachedVersion = -1;
  private int cachedMax;
  private double cachedQ;
  private long cachedValidUntil;
  private Expected cached;

  OutputLengths(int capacity, Duration window) {
    this.lengths = new SampleWindow(capacity, window.toNanos());
  }

  /** The likely length for a request, and how it was found (for the decision's notes). */
  record Expected(int tokens, String source) {}

  /** An answer of {@code tokens} tokens ended; {@code cut} when it stopped at its max-tokens. */
  synchronized void record(int tokens, boolean cut, long nowNanos) {
    lengths.add(Math.max(0, tokens), cut ? 1 : 0, nowNanos);
    version++;
  }

  /** Gives {@code sink} every live length, oldest first: tokens, 1 when cut, age. */
  synchronized void export(long nowNanos, SampleWindow.EntrySink sink) {
    lengths.forEachLive(nowNanos, sink);
  }

  /** Takes back a length {@link #export} gave, now {@code ageNanos} old. */
  synchronized void restore(long tokens, boolean cut, long ageNanos, long nowNanos) {
    lengths.add(Math.max(0, tokens), cut ? 1 : 0, nowNanos - ageNanos);
    version++;
  }

  /** The likely length of an answer to a request allowing {@code maxTokens}, at quantile {@code q}. */
  synchronized Expected expected(int maxTokens, double q, long nowNanos) {
    if (cached != null && cachedVersion == version && cachedMax == maxTokens && cachedQ == q
        && nowNanos - cachedValidUntil < 0) {
      return cached;
    }
    long[][] live = lengths.live(nowNanos);
    int n = live[0].length;
    Expected e;
    if (n == 0) {
      e = new Expected(maxTokens, "for max-tokens " + maxTokens + " (no answer seen yet)");
    } else {
      long[] sample = new long[n];
      for (int i = 0; i < n; i++) {
        sample[i] = live[1][i] == 1 ? maxTokens : Math.min(maxTokens, live[0][i]);
      }
      int tokens = (int) Math.max(1, SampleWindow.quantile(sample, q));
      e = new Expected(tokens, "for " + tokens + " tokens (the p" + Math.round(q * 100)
          + " of the last " + n + " answer" + (n == 1 ? "" : "s") + "; max-tokens " + maxTokens
          + ")");
    }
    cached = e;
    cachedVersion = version;
    cachedMax = maxTokens;
    cachedQ = q;
    cachedValidUntil = lengths.nextExpiry(nowNanos);
    return e;
  }
}
