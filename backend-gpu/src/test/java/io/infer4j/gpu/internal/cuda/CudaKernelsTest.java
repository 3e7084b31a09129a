package io.infer4j.gpu.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CudaKernelsTest {
  static final Pattern KERNEL = Pattern.compile("extern \"C\" __global__ void (\\w+)\\(");

  @Test
  void theKernelListMatchesTheExternCKernelsOfEachSourceOnTheClasspath() {
    CudaKernels.KERNELS.forEach((file, kernels) -> {
      List<String> found = new ArrayList<>();
      Matcher m = KERNEL.matcher(CudaKernels.source(file));
      while (m.find()) {
        found.add(m.group(1));
      }
      assertEquals(kernels, found, file);
    });
  }

  @Test
  void eachKernelIsFoundInItsFileAndAnUnknownOneIsRefused() {
    assertEquals("matvec.cu", CudaKernels.fileOf("matvec_q4_0"));
    assertEquals("attention.cu", CudaKernels.fileOf("attention"));
    assertThrows(IllegalArgumentException.class, () -> CudaKernels.fileOf("gemm"));
  }

  @Test
  void nvrtcTargetsTheDevicesVirtualArchitectureWithoutFusedMultiplyAdd() {
    List<String> o = CudaKernels.options(new ComputeCapability(9, 0));
    assertEquals("--gpu-architecture=compute_90", o.getFirst());
    assertTrue(o.contains("--fmad=false"));
    assertEquals("sm_89", new ComputeCapability(8, 9).key());
    assertThrows(IllegalArgumentException.class, () -> new ComputeCapability(0, 0));
  }

  @Test
  void theCommonHeaderNeedsNoToolkitInclude() {
    assertTrue(!CudaKernels.source(CudaKernels.COMMON_HEADER).contains("#include <"));
  }
}
