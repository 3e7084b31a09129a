package io.infer4j.runtime.shape;

import java.util.function.DoublePredicate;

/**
 * The largest value in {@code [lo, hi)} that a test still passes, for a test that passes up to a
 * point and fails beyond it (a load a replica still serves within its SLOs). Stateless.
 */
final class Bisection {

  /** Halvings at most: far below any figure's precision for the ranges used here. */
  private static final int STEPS = 100;

  private Bisection() {}

  /**
   * The largest {@code x} found in {@code [lo, hi)} with {@code passes(x)}, to a relative 1e-9 of
   * {@code hi}; {@code lo} itself when nothing above it passes ({@code lo} is taken to pass).
   */
  static double largestPassing(double lo, double hi, DoublePredicate passes) {
    for (int i = 0; i < STEPS && hi - lo > 1e-9 * hi; i++) {
      double mid = (lo + hi) / 2;
      if (passes.test(mid)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
