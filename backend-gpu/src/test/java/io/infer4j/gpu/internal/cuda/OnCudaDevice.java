package io.infer4j.gpu.internal.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the kernel test classes: CUDA device 0 opened once per class (in {@link #cuda}) and
 * closed after it; each test is skipped with the reason where no device can be opened.
 */
abstract class OnCudaDevice {
  static CudaContext cuda;

  @BeforeAll
  static void openTheDevice() {
    if (CudaTestSupport.probe() == null) {
      cuda = CudaContext.open(0);
    }
  }

  @BeforeEach
  void needsADevice() {
    assumeTrue(cuda != null, () -> "no CUDA device, GPU test skipped: " + CudaTestSupport.probe());
  }

  @AfterAll
  static void closeTheDevice() {
    if (cuda != null) {
      cuda.close();
      cuda = null;
    }
  }
}
