package io.infer4j.gpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.gpu.GpuPrecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class RooflineTest {

  private final Roofline h100 = new Roofline(GpuDatasheets.H100_SXM, GpuPrecision.BF16);

  @Test
  void aKernelTakesTheSlowerOfItsMemoryAndComputeTimePlusTheLaunchOverhead() {
    double bytes = 3.35e9; // one millisecond at peak bandwidth
    Kernel memoryBound = new Kernel("gemv", bytes, 1e9, MathKind.WEIGHT_MATMUL);
    StepTiming t = h100.time(List.of(memoryBound));
    assertEquals(1e-3 / TimingConstants.MEMORY_EFFICIENCY, t.memoryBound(), 1e-12);
    assertEquals(0.0, t.computeBound());
    assertEquals(TimingConstants.KERNEL_OVERHEAD_SECONDS, t.launchOverhead(), 1e-15);

    Kernel computeBound = new Kernel("gemm", 1e6, 989.4e12, MathKind.WEIGHT_MATMUL);
    StepTiming c = h100.time(List.of(computeBound));
    assertEquals(1.0 / TimingConstants.COMPUTE_EFFICIENCY, c.computeBound(), 1e-9);
    assertEquals(0.0, c.memoryBound());
  }

  @Test
  void fp8MatmulsUseTheFp8RateWhereTheGpuHasOneAndBf16Elsewhere() {
    assertEquals(1978.9e12, new Roofline(GpuDatasheets.H100_SXM, GpuPrecision.FP8).matmulPeak(), 1e6);
    assertEquals(312e12, new Roofline(GpuDatasheets.A100_SXM, GpuPrecision.FP8).matmulPeak(), 1e6);
    assertEquals(624e12, new Roofline(GpuDatasheets.A100_SXM, GpuPrecision.Q4_0).matmulPeak(), 1e6);
  }

  @Test
  void aSmallAllReduceCostsNcclRingLatency() {
    // 16 KiB over 8 GPUs: 6.6 us + 14 steps x 0.6 us, plus a negligible transfer.
    Collective small = new Collective("ar", Collective.Kind.ALL_REDUCE, 16384, 8);
    double seconds = h100.collectiveSeconds(small);
    assertEquals(15.0e-6, seconds, 0.2e-6);
    Collective pair = new Collective("ar", Collective.Kind.ALL_REDUCE, 16384, 2);
    assertEquals(7.8e-6, h100.collectiveSeconds(pair), 0.2e-6);
  }

  @Test
  void aLargeAllReduceIsBoundByTheLinkBandwidth() {
    // 1 GB over 2 GPUs: each GPU sends 2(N-1)/N = 1 x the result, at 370 of 450 GB/s.
    Collective big = new Collective("ar", Collective.Kind.ALL_REDUCE, 1e9, 2);
    assertEquals(1e9 / 370e9, h100.collectiveSeconds(big), 1e-4);
    Roofline l4 = new Roofline(GpuDatasheets.L4, GpuPrecision.BF16);
    assertEquals(1e9 / (32e9 * TimingConstants.LINK_EFFICIENCY), l4.collectiveSeconds(big), 1e-3);
  }

  @Test
  void aMeshGpuUsesOnlyTheLinksToItsPeersAndATpuItsTorusAxes() {
    Roofline mi300x = new Roofline(GpuDatasheets.MI300X, GpuPrecision.BF16);
    double perDirection = 448e9; // 896 GB/s over 7 links, both directions
    assertEquals(perDirection / 7, mi300x.usableLinkBandwidth(2), 1e-3, "one link of 7");
    assertEquals(perDirection * 3 / 7, mi300x.usableLinkBandwidth(4), 1e-3);
    assertEquals(perDirection, mi300x.usableLinkBandwidth(8), 1e-3, "all 7 peers");
    assertEquals(450e9, h100.usableLinkBandwidth(2), 1e-3, "NVSwitch: the whole NVLink bandwidth");
    Roofline v6e = new Roofline(GpuDatasheets.TPU_V6E, GpuPrecision.BF16);
    assertEquals(200e9, v6e.usableLinkBandwidth(4), 1e-3, "2 of 4 ports along one axis");
    assertEquals(400e9, v6e.usableLinkBandwidth(16), 1e-3);
  }
}
