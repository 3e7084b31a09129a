package io.infer4j.gpu.internal;

/**
 * Where one step's time goes, in seconds.
 *
 * @param memoryBound time of kernels limited by HBM bandwidth
 * @param computeBound time of kernels limited by tensor-core throughput
 * @param launchOverhead fixed per-kernel overhead summed over the step's kernels
 * @param collectives tensor-parallel all-reduce and all-gather time
 */
public record StepTiming(double memoryBound, double computeBound, double launchOverhead, double collectives) {

  public StepTiming {
    if (!(memoryBound >= 0) || !(computeBound >= 0) || !(launchOverhead >= 0) || !(collectives >= 0)) {
      throw new IllegalArgumentException("step times must be finite and >= 0");
    }
  }

  /** This step run {@code n} times one after another. */
  public StepTiming times(int n) {
    return n == 1 ? this : new StepTiming(memoryBound * n, computeBound * n, launchOverhead * n, collectives * n);
  }

  /** Total step time in seconds. */
  public double seconds() {
    return memoryBound + computeBound + launchOverhead + collectives;
  }
}
