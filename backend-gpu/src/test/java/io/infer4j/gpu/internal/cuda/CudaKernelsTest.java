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
  /** A kernel defined in a one-parameter macro's body: {@code void name_##T(}. */
  static final Pattern MACRO_KERNEL =
      Pattern.compile("extern \"C\" __global__ void (\\w+)##T\\(");
  static final Pattern MACRO = Pattern.compile("#define (\\w+)\\(T\\)((?:.*\\\\\n)+.*)");

  /**
   * The {@code extern "C"} kernels of {@code source} in order, those written out and those a
   * one-parameter macro ({@code #define NAME(T)}) defines for each {@code NAME(type)} line.
   */
  static List<String> kernels(String source) {
    java.util.TreeMap<Integer, List<String>> at = new java.util.TreeMap<>();
    Matcher m = KERNEL.matcher(source);
    while (m.find()) {
      at.put(m.start(), List.of(m.group(1)));
    }
    Matcher d = MACRO.matcher(source);
    while (d.find()) {
      List<String> prefixes = new ArrayList<>();
      Matcher k = MACRO_KERNEL.matcher(d.group(2));
      while (k.find()) {
        prefixes.add(k.group(1));
      }
      Matcher use = Pattern.compile("(?m)^" + d.group(1) + "\\((\\w+)\\)").matcher(source);
      while (use.find()) {
        String type = use.group(1);
        at.put(use.start(), prefixes.stream().map(p -> p + type).toList());
      }
    }
    return at.values().stream().flatMap(List::stream).toList();
  }

  @Test
  void theKernelListMatchesTheExternCKernelsOfEachSourceOnTheClasspath() {
    CudaKernels.KERNELS.forEach((file, kernels) ->
        assertEquals(kernels, kernels(CudaKernels.source(file)), file));
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
