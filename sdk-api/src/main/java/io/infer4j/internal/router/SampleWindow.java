package io.infer4j.internal.router;

import java.util.Arrays;

/**
 * The most recent observations of one quantity, each with an optional covariate and the time it
 * was taken: a ring of at most {@code capacity} entries from which entries older than the window
 * drop out. Not thread-safe: {@link LatencyStats} guards it.
 */
final class SampleWindow {

  private final long[] values;
  private final long[] covariates;
  private final long[] takenAt;
  private final long windowNanos;
  private int size;
  private int next;

  SampleWindow(int capacity, long windowNanos) {
    this.values = new long[capacity];
    this.covariates = new long[capacity];
    this.takenAt = new long[capacity];
    this.windowNanos = windowNanos;
  }

  void add(long value, long covariate, long nowNanos) {
    values[next] = value;
    covariates[next] = covariate;
    takenAt[next] = nowNanos;
    next = (next + 1) % values.length;
    size = Math.min(size + 1, values.length);
  }

  /** Whether any observation is younger than the window at {@code nowNanos}; allocates nothing. */
  boolean anyLive(long nowNanos) {
    for (int i = 0; i < size; i++) {
      if (nowNanos - takenAt[i] <= windowNanos) {
        return true;
      }
    }
    return false;
  }

  /** The live entries' values and covariates: {@code [0]} values, {@code [1]} covariates. */
  long[][] live(long nowNanos) {
    long[] v = new long[size];
    long[] c = new long[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (nowNanos - takenAt[i] <= windowNanos) {
        v[n] = values[i];
        c[n] = covariates[i];
        n++;
      }
    }
    return new long[][] {Arrays.copyOf(v, n), Arrays.copyOf(c, n)};
  }

  /** Receives one entry of {@link #forEachLive}. */
  interface EntrySink {
    void accept(long value, long covariate, long ageNanos);
  }

  /** Gives {@code sink} each live entry, oldest first, with its age at {@code nowNanos}. */
  void forEachLive(long nowNanos, EntrySink sink) {
    for (int k = 0; k < size; k++) {
      int i = (next - size + k + values.length) % values.length; // oldest first
      long age = nowNanos - takenAt[i];
      if (age <= windowNanos) {
        sink.accept(values[i], covariates[i], age);
      }
    }
  }

  /**
   * When the oldest live entry leaves the window (so a result computed from the live entries stays
   * valid until then); {@link Long#MAX_VALUE} when there is none.
   */
  long nextExpiry(long nowNanos) {
    long expiry = Long.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      if (nowNanos - takenAt[i] <= windowNanos) {
        expiry = Math.min(expiry, takenAt[i] + windowNanos + 1);
      }
    }
    return expiry;
  }

  /**
   * The nearest-rank {@code q}-quantile of {@code sample} (which it sorts): the smallest value
   * with at least a share {@code q} of the sample at or below it.
   */
  static long quantile(long[] sample, double q) {
    Arrays.sort(sample);
    int rank = (int) Math.ceil(q * sample.length);
    return sample[Math.max(0, Math.min(sample.length - 1, rank - 1))];
  }
}
