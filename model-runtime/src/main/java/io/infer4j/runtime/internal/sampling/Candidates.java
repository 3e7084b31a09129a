package io.infer4j.runtime.internal.sampling;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Token candidates with their probabilities, the working set of the filter steps. Not thread-safe.
 */
final class Candidates {
  final int[] ids;
  final float[] probs;
  int size;

  private Candidates(int[] ids, float[] probs, int size) {
    this.ids = ids;
    this.probs = probs;
    this.size = size;
  }

  /** Every token whose probability is at least {@code cutoff}, in id order. */
  static Candidates above(float[] probabilities, float cutoff) {
    int n = probabilities.length;
    int[] ids = new int[n];
    float[] probs = new float[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (probabilities[i] >= cutoff) {
        ids[k] = i;
        probs[k] = probabilities[i];
        k++;
      }
    }
    return new Candidates(ids, probs, k);
  }

  /** Sorts by probability, descending; stable, so equal probabilities keep id order. */
  void sortDescending() {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> probs[i]).reversed());
    int[] newIds = new int[size];
    float[] newProbs = new float[size];
    for (int i = 0; i < size; i++) {
      newIds[i] = ids[order[i]];
      newProbs[i] = probs[order[i]];
    }
    System.arraycopy(newIds, 0, ids, 0, size);
    System.arraycopy(newProbs, 0, probs, 0, size);
  }

  /** The largest probability among the candidates (0 if none). */
  float maxProbability() {
    float max = 0f;
    for (int i = 0; i < size; i++) {
      max = Math.max(max, probs[i]);
    }
    return max;
  }
}
