package io.infer4j.gpu.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LaunchConfigTest {

  @Test
  void matvecLaunchesOneWarpPerRowAndTheBatchAlongY() {
    LaunchConfig c = LaunchConfig.matvec(2049, 7);
    assertEquals(513, c.gridX()); // ceil(2049 / 4)
    assertEquals(7, c.gridY());
    assertEquals(128, c.threadsPerBlock());
    assertTrue(c.gridX() * LaunchConfig.MATVEC_WARPS >= 2049);
    assertEquals(2048 / 4, LaunchConfig.matvec(2048, 1).gridX());
  }

  @Test
  void elementwiseCoversEveryElementWithAtMostOneSpareBlock() {
    for (int n : new int[] {1, 255, 256, 257, 14336}) {
      LaunchConfig c = LaunchConfig.elementwise(n);
      assertTrue(c.totalThreads() >= n, "n " + n);
      assertTrue(c.totalThreads() - n < LaunchConfig.ELEMENTWISE_THREADS, "n " + n);
    }
  }

  @Test
  void ropeLaunchesOneThreadPerPairAndRefusesOddLengths() {
    LaunchConfig c = LaunchConfig.rope(4096, 3);
    assertEquals(8, c.gridX()); // 2048 pairs / 256
    assertEquals(3, c.gridY());
    assertThrows(IllegalArgumentException.class, () -> LaunchConfig.rope(63, 1));
  }

  @Test
  void attentionTakesOneBlockPerHeadAndTokenUpToTheLargestHead() {
    LaunchConfig c = LaunchConfig.attention(32, 5, 128);
    assertEquals(32, c.gridX());
    assertEquals(5, c.gridY());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LaunchConfig.attention(8, 1, 512));
    assertTrue(e.getMessage().contains("512"), e.getMessage());
  }

  @Test
  void dimensionsOutsideCudaLimitsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new LaunchConfig(1, 1, 1, 2048, 1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new LaunchConfig(1, 70_000, 1, 32, 1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> LaunchConfig.matvec(0, 1));
    assertEquals(1024, LaunchConfig.argmax().threadsPerBlock());
  }
}
