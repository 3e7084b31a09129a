package io.infer4j.runtime.internal.sampling;

import io.infer4j.runtime.Sampler;

/** Greedy: the index of the largest logit; the first wins on ties. Stateless and thread-safe. */
public final class ArgmaxSampler implements Sampler {

  @Override
  public int sample(float[] logits) {
    return argmax(logits, logits.length);
  }

  /** Index of the first maximum of {@code x[0 .. n)}. */
  static int argmax(float[] x, int n) {
    int best = 0;
    float max = x[0];
    for (int i = 1; i < n; i++) {
      if (x[i] > max) {
        max = x[i];
        best = i;
      }
    }
    return best;
  }
}
