package io.infer4j.internal.router;

/**
 * Caps the extra load hedges add: every routed request earns {@code ratio} of a credit (up to
 * {@code burst} credits), a hedge spends one. It starts with one credit, so over any long run
 * hedges stay within {@code ratio} of the requests plus one. Thread-safe.
 */
final class HedgeBudget {

  private final double ratio;
  private final double burst;
  private double credits = 1.0;

  HedgeBudget(double ratio, double burst) {
    this.ratio = ratio;
    this.burst = Math.max(1.0, burst);
  }

  synchronized void onRequest() {
    credits = Math.min(burst, credits + ratio);
  }

  /** Spends a credit if one is there. */
  synchronized boolean tryAcquire() {
    if (credits >= 1.0) {
      credits -= 1.0;
      return true;
    }
    return false;
  }

  /** The credits left now. */
  synchronized double credits() {
    return credits;
  }
}
