package io.infer4j.gpu.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LaunchConfigTest {

  @Test
  void matvecLaunchesTwoRowsPerWarpAndTheBatchAlongY() {
    LaunchConfig c = LaunchConfig.matvec(2049, 7);
    assertEquals(257, c.gridX()); // ceil(2049 / (4 warps * 2 rows))
    assertEquals(7, c.gridY());
    assertEquals(128, c.threadsPerBlock());
    assertTrue(c.gridX() * LaunchConfig.MATVEC_WARPS * LaunchConfig.MATVEC_ROWS_PER_WARP >= 2049);
    assertEquals(2048 / 8, LaunchConfig.matvec(2048, 1).gridX());
  }

  @Test
  void fusedMatvecsCoverEveryRow() {
    assertEquals(1409, LaunchConfig.matvecSwiglu(5633, 1).gridX()); // one row per warp
    LaunchConfig qkv = LaunchConfig.matvecQkv(2048, 256, 3);
    assertEquals((2048 + 2 * 256) / 8, qkv.gridX());
    assertEquals(3, qkv.gridY());
    assertEquals(LaunchConfig.rope(2048, 2), LaunchConfig.ropeKv(2048, 256, 2));
    assertEquals(LaunchConfig.rope(512, 2), LaunchConfig.ropeKv(256, 512, 2));
    LaunchConfig e = LaunchConfig.embed(300, 5);
    assertEquals(2, e.gridX());
    assertEquals(5, e.gridY());
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
