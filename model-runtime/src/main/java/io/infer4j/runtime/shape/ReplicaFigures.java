package io.infer4j.runtime.shape;

/**
 * What a timing model predicts for one replica of a serving system: {@code units} chips or GPUs
 * holding the model with KV cache for {@code batch} sequences.
 *
 * @param units chips or GPUs of one replica
 * @param batch sequences the replica decodes together (its slots)
 * @param prefillMs time to prefill one request's prompt through its first token, ms
 * @param interTokenMs time of one decode step with {@code batch} sequences, ms (each sequence gets
 *     one token per step)
 * @param wattsPerUnit power of one chip or GPU, W (NaN when unknown)
 * @param usdPerUnitHour price of one chip- or GPU-hour (NaN when unknown)
 */
public record ReplicaFigures(
    int units, int batch, double prefillMs, double interTokenMs, double wattsPerUnit,
    double usdPerUnitHour) {

  /**
   * Checks the figures.
   *
   * @throws IllegalArgumentException if {@code units} or {@code batch} is below 1, or a time is not
   *     positive
   */
  public ReplicaFigures {
    if (units < 1 || batch < 1) {
      throw new IllegalArgumentException("units and batch must be at least 1");
    }
    if (!(prefillMs > 0) || !(interTokenMs > 0)) {
      throw new IllegalArgumentException("times must be positive: " + prefillMs + ", " + interTokenMs);
    }
  }
}
