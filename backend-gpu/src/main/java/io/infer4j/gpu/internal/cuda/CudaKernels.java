package io.infer4j.gpu.internal.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel sources (resources under {@value #RESOURCE_DIR}, copied from {@code src/main/cuda}),
 * which kernel each file defines, and the PTX compiled from them by NVRTC, cached per compute
 * capability for the life of the process. Thread-safe.
 */
final class CudaKernels {
  /** Classpath folder of the {@code .cu} and {@code .cuh} files. */
  public static final String RESOURCE_DIR = "/io/infer4j/gpu/cuda/";
  /**
   * System property naming a folder of prebuilt PTX ({@code <file>.ptx}, e.g. {@code matvec.ptx}
   * from {@code nvcc -ptx}), used instead of NVRTC when set: for hosts without libnvrtc. The PTX
   * must suit the device (its target architecture at most the device's compute capability) and
   * the driver (its PTX ISA version at most the driver's).
   */
  public static final String PTX_DIR_PROPERTY = "infer4j.gpu.ptx-dir";

  /** The header every source includes. */
  public static final String COMMON_HEADER = "common.cuh";

  /** The weight types with matvec kernels, in matvec.cu's order. */
  static final List<String> MATVEC_TYPES = List.of("f32", "f16", "bf16", "q8_0", "q4_0");

  /** Each source file and the {@code extern "C"} kernels it defines. */
  public static final Map<String, List<String>> KERNELS = Map.of(
      "matvec.cu", matvecKernels(),
      "ops.cu", List.of("embed_f32", "embed_f16", "embed_bf16", "embed_q8_0", "embed_q4_0",
          "rmsnorm", "rope", "rope_kv", "to_f16", "to_bf16", "dequant_q8_0_f16",
          "dequant_q4_0_f16", "swiglu", "add_inplace", "softmax_rows", "argmax", "argmax_blocks",
          "argmax_final"),
      "attention.cu", List.of("attention", "attention_prefill", "attention_split",
          "attention_combine"));

  private static List<String> matvecKernels() {
    List<String> names = new java.util.ArrayList<>();
    for (String t : MATVEC_TYPES) {
      for (String form : List.of("matvec_", "matvec_add_", "matvec_swiglu_", "matvec_qkv_")) {
        names.add(form + t);
      }
    }
    return List.copyOf(names);
  }

  /** NVRTC options besides the architecture: IEEE float semantics, as the CPU reference. */
  static final List<String> OPTIONS = List.of("--std=c++17", "--fmad=false");

  private static final Map<String, String> PTX = new ConcurrentHashMap<>();

  private CudaKernels() {}

  /** The source file defining {@code kernel}. */
  public static String fileOf(String kernel) {
    return KERNELS.entrySet().stream()
        .filter(e -> e.getValue().contains(kernel))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no kernel named " + kernel));
  }

  /** The text of resource {@code file} (a {@code .cu} or {@code .cuh}). */
  public static String source(String file) {
    try (InputStream in = CudaKernels.class.getResourceAsStream(RESOURCE_DIR + file)) {
      if (in == null) {
        throw new IllegalStateException("kernel source " + RESOURCE_DIR + file
            + " is not on the classpath (a broken build of infer4j-backend-gpu)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The NVRTC options for {@code capability}. */
  public static List<String> options(ComputeCapability capability) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(capability.nvrtcArchOption()),
        OPTIONS.stream()).toList();
  }

  /**
   * PTX of {@code file} for {@code capability}: read from {@value #PTX_DIR_PROPERTY} when that is
   * set, else compiled by NVRTC on first use; then cached.
   */
  static String ptx(CudaNative cuda, String file, ComputeCapability capability) {
    String dir = System.getProperty(PTX_DIR_PROPERTY);
    if (dir != null && !dir.isBlank()) {
      java.nio.file.Path p = java.nio.file.Path.of(dir, file.replace(".cu", ".ptx"));
      try {
        return java.nio.file.Files.readString(p);
      } catch (IOException e) {
        throw new CudaUnavailableException("-D" + PTX_DIR_PROPERTY + "=" + dir + ": cannot read "
            + p + " (" + e + ")", e);
      }
    }
    return PTX.computeIfAbsent(capability.key() + "/" + file, k -> cuda.compileToPtx(file,
        source(file), Map.of(COMMON_HEADER, source(COMMON_HEADER)), options(capability)));
  }
}
