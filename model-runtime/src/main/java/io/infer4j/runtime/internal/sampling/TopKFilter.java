package io.infer4j.runtime.internal.sampling;

/** Keeps the {@code k} most probable candidates (expects them sorted descending). */
final class TopKFilter {
  private TopKFilter() {}

  /** Truncates sorted {@code c} to at most {@code k} entries; {@code k <= 0} keeps all. */
  static void apply(Candidates c, int k) {
    if (k > 0 && c.size > k) {
      c.size = k;
    }
  }
}
