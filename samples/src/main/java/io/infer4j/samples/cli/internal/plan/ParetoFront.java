package io.infer4j.samples.cli.internal.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The Pareto front of points where less is better on both axes (cost against latency): the points
 * that no other point beats, a point being beaten by one at most as high on both axes and lower on
 * at least one. Equal points beat neither, so both stay on the front.
 */
public final class ParetoFront {

  private ParetoFront() {}

  /**
   * The items on the front, in order of {@code x} (then {@code y}), ready to draw as a line. Items
   * with a NaN coordinate are left out (they cannot be placed).
   */
  public static <T> List<T> of(Collection<T> items, ToDoubleFunction<T> x, ToDoubleFunction<T> y) {
    List<T> placed = items.stream()
        .filter(t -> !Double.isNaN(x.applyAsDouble(t)) && !Double.isNaN(y.applyAsDouble(t)))
        .toList();
    List<T> front = new ArrayList<>();
    for (T candidate : placed) {
      boolean beaten = false;
      for (T other : placed) {
        if (other != candidate && beats(other, candidate, x, y)) {
          beaten = true;
          break;
        }
      }
      if (!beaten) {
        front.add(candidate);
      }
    }
    front.sort(Comparator.comparingDouble(x).thenComparingDouble(y));
    return List.copyOf(front);
  }

  /** Whether {@code a} is no worse than {@code b} on both axes and better on one. */
  private static <T> boolean beats(T a, T b, ToDoubleFunction<T> x, ToDoubleFunction<T> y) {
    double ax = x.applyAsDouble(a);
    double ay = y.applyAsDouble(a);
    double bx = x.applyAsDouble(b);
    double by = y.applyAsDouble(b);
    return ax <= bx && ay <= by && (ax < bx || ay < by);
  }
}
