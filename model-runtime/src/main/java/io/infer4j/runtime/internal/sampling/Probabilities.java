package io.infer4j.runtime.internal.sampling;

/** Softmax and temperature as run.c computes them (float32, max-subtracted, C's expf). */
final class Probabilities {
  private Probabilities() {}

  /** Divides every logit by {@code temperature}, in place. */
  static void applyTemperature(float[] logits, float temperature) {
    for (int i = 0; i < logits.length; i++) {
      logits[i] /= temperature;
    }
  }

  /** In-place softmax over the whole array. */
  static void softmax(float[] x) {
    float max = x[0];
    for (int i = 1; i < x.length; i++) {
      if (x[i] > max) {
        max = x[i];
      }
    }
    float sum = 0.0f;
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.exp(x[i] - max);
      sum += x[i];
    }
    for (int i = 0; i < x.length; i++) {
      x[i] /= sum;
    }
  }
}
