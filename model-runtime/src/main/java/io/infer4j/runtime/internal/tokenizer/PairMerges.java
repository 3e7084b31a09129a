package io.infer4j.runtime.internal.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The merge loop of both BPE tokenizers: repeatedly merge the adjacent pair with the best (lowest)
 * priority, the leftmost on ties, until no adjacent pair merges. run.c rescans every pair after
 * each merge (quadratic); here candidate pairs wait in a priority queue ordered by priority, then
 * position, which picks the same pair each time in O(n log n). A candidate is dropped when it
 * comes up if either side has changed since it was queued. Stateless.
 */
final class PairMerges {
  private PairMerges() {}

  /** Whether and how two adjacent symbols merge. */
  @FunctionalInterface
  interface Rule<T> {
    /** The merge of {@code left} and {@code right}, or null when they do not merge. */
    Merge<T> merge(T left, T right);
  }

  /**
   * @param priority lower merges first; equal priorities (compared numerically, so {@code -0.0}
   *     ties with {@code 0.0}) go leftmost first
   * @param merged the symbol that replaces the pair
   */
  record Merge<T>(double priority, T merged) {}

  /** {@code symbols} after every merge {@code rule} allows, best priority first. */
  static <T> List<T> apply(List<T> symbols, Rule<T> rule) {
    int n = symbols.size();
    List<T> sym = new ArrayList<>(symbols); // null once merged into its left neighbour
    int[] prev = new int[n];
    int[] next = new int[n];
    for (int i = 0; i < n; i++) {
      prev[i] = i - 1;
      next[i] = i + 1 < n ? i + 1 : -1;
    }
    PriorityQueue<Candidate<T>> queue = new PriorityQueue<>();
    for (int i = 0; i + 1 < n; i++) {
      offer(queue, rule, sym, i, i + 1);
    }
    while (!queue.isEmpty()) {
      Candidate<T> c = queue.poll();
      boolean stale =
          !c.leftSymbol().equals(sym.get(c.left()))
              || next[c.left()] != c.right()
              || !c.rightSymbol().equals(sym.get(c.right()));
      if (stale) {
        continue;
      }
      sym.set(c.left(), c.merged());
      sym.set(c.right(), null);
      next[c.left()] = next[c.right()];
      if (next[c.right()] >= 0) {
        prev[next[c.right()]] = c.left();
      }
      if (prev[c.left()] >= 0) {
        offer(queue, rule, sym, prev[c.left()], c.left());
      }
      if (next[c.left()] >= 0) {
        offer(queue, rule, sym, c.left(), next[c.left()]);
      }
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i >= 0 && n > 0; i = next[i]) {
      out.add(sym.get(i));
    }
    return out;
  }

  private static <T> void offer(
      PriorityQueue<Candidate<T>> queue, Rule<T> rule, List<T> sym, int left, int right) {
    Merge<T> m = rule.merge(sym.get(left), sym.get(right));
    if (m != null) {
      queue.add(
          new Candidate<>(m.priority(), left, right, sym.get(left), sym.get(right), m.merged()));
    }
  }

  /** A pair that could merge; valid while both positions still hold the recorded symbols. */
  private record Candidate<T>(
      double priority, int left, int right, T leftSymbol, T rightSymbol, T merged)
      implements Comparable<Candidate<T>> {
    @Override
    public int compareTo(Candidate<T> o) {
      if (priority != o.priority) {
        return priority < o.priority ? -1 : 1;
      }
      return Integer.compare(left, o.left);
    }
  }
}
