package io.infer4j.gpu.internal.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens CUDA device 0 for the tests that need a GPU, or skips them with the reason (no driver,
 * no NVRTC, no device). {@link #probe()} answers once per JVM.
 */
final class CudaTestSupport {
  private static String unavailable;
  private static boolean probed;

  private CudaTestSupport() {}

  /** Null when a CUDA device can be opened, else why not. */
  static synchronized String probe() {
    if (!probed) {
      probed = true;
      try (CudaContext c = CudaContext.open(0)) {
        unavailable = null;
      } catch (CudaUnavailableException | CudaException e) {
        unavailable = e.getMessage();
      }
    }
    return unavailable;
  }

  /** Device 0, or the calling test is skipped with the reason. The caller closes it. */
  static CudaContext openOrSkip() {
    String why = probe();
    assumeTrue(why == null, () -> "no CUDA device, GPU test skipped: " + why);
    return CudaContext.open(0);
  }
}
