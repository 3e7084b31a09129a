package io.infer4j.gpu;

/**
 * Where the time of one predicted step goes, in milliseconds. The parts add up to the step time.
 *
 * @param memoryBoundMs kernels limited by device-memory bandwidth (weights, KV cache, activations)
 * @param computeBoundMs kernels limited by tensor-core throughput
 * @param launchOverheadMs fixed per-kernel cost (launch gap, ramp-up, tail)
 * @param collectivesMs tensor-parallel all-reduce / all-gather over the GPU link
 */
public record StepBreakdown(
    double memoryBoundMs, double computeBoundMs, double launchOverheadMs, double collectivesMs) {

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if a part is negative or NaN
   */
  public StepBreakdown {
    if (!(memoryBoundMs >= 0) || !(computeBoundMs >= 0) || !(launchOverheadMs >= 0) || !(collectivesMs >= 0)) {
      throw new IllegalArgumentException("step parts must be finite and >= 0");
    }
  }

  /** {@return the whole step in milliseconds} */
  public double totalMs() {
    return memoryBoundMs + computeBoundMs + launchOverheadMs + collectivesMs;
  }
}
