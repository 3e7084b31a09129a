package io.infer4j.runtime.internal.sampling;

/**
 * Min-p: drops candidates whose probability is below {@code minP} times the most probable one's.
 * Keeps order; never drops the most probable.
 */
final class MinPFilter {
  private MinPFilter() {}

  static void apply(Candidates c, float minP) {
    if (minP <= 0f || c.size == 0) {
      return;
    }
    float threshold = minP * c.maxProbability();
    int k = 0;
    for (int i = 0; i < c.size; i++) {
      if (c.probs[i] >= threshold) {
        c.ids[k] = c.ids[i];
        c.probs[k] = c.probs[i];
        k++;
      }
    }
    c.size = k;
  }
}
