package io.infer4j.gpu.internal.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * NVIDIA cuBLAS through the JDK's FFM API, as much of it as the prompt path needs: one handle
 * bound to the context's stream and {@code cublasGemmEx}, the matrix-matrix product that runs on
 * the tensor cores. Optional: where {@code libcublas} is absent, {@link CudaContext#cublas()} is
 * empty and prompts run through the matvec kernels (which are also the reference the GEMM is
 * tested against). Enum values are those of {@code cublas_api.h} and {@code library_types.h}
 * (CUDA 12 and 13 alike).
 *
 * <p>Not thread-safe on its own: {@link CudaContext} holds its lock around every call.
 */
final class Cublas implements AutoCloseable {
  /** {@code CUBLAS_OP_N}, {@code CUBLAS_OP_T}. */
  static final int OP_N = 0;
  static final int OP_T = 1;
  /** {@code CUBLAS_COMPUTE_32F}, {@code CUBLAS_COMPUTE_32F_FAST_TF32}. */
  static final int COMPUTE_32F = 68;
  static final int COMPUTE_32F_FAST_TF32 = 77;
  /** {@code CUBLAS_GEMM_DEFAULT}: cuBLAS's heuristics pick the kernel (tensor cores allowed). */
  static final int GEMM_DEFAULT = -1;

  /** Input types of {@link #gemm}: {@code cudaDataType} values and the math each runs with. */
  public enum InputType {
    /** IEEE half inputs, float32 accumulation (tensor cores). */
    F16(2, COMPUTE_32F),
    /** bfloat16 inputs, float32 accumulation (tensor cores). */
    BF16(14, COMPUTE_32F),
    /** float32 inputs multiplied as TF32 (tensor cores), float32 accumulation. */
    F32(0, COMPUTE_32F_FAST_TF32);

    final int cudaType;
    final int compute;

    InputType(int cudaType, int compute) {
      this.cudaType = cudaType;
      this.compute = compute;
    }
  }

  private static final int CUDA_R_32F = 0;
  private static final Map<Integer, String> STATUS = Map.of(1, "CUBLAS_STATUS_NOT_INITIALIZED",
      3, "CUBLAS_STATUS_ALLOC_FAILED", 7, "CUBLAS_STATUS_INVALID_VALUE",
      8, "CUBLAS_STATUS_ARCH_MISMATCH", 11, "CUBLAS_STATUS_MAPPING_ERROR",
      13, "CUBLAS_STATUS_EXECUTION_FAILED", 14, "CUBLAS_STATUS_INTERNAL_ERROR",
      15, "CUBLAS_STATUS_NOT_SUPPORTED", 16, "CUBLAS_STATUS_LICENSE_ERROR");

  private final String library;
  private final MethodHandle destroy;
  private final MethodHandle gemmEx;
  private final MemorySegment handle;
  private final MemorySegment alphaBeta; // {1.0f, 0.0f, 1.0f}: alpha, beta = 0, beta = 1
  private boolean closed;

  private Cublas(String library, MethodHandle destroy, MethodHandle gemmEx, MemorySegment handle) {
    this.library = library;
    this.destroy = destroy;
    this.gemmEx = gemmEx;
    this.handle = handle;
    this.alphaBeta = Arena.ofAuto().allocate(JAVA_FLOAT, 3);
    alphaBeta.setAtIndex(JAVA_FLOAT, 0, 1.0f);
    alphaBeta.setAtIndex(JAVA_FLOAT, 1, 0.0f);
    alphaBeta.setAtIndex(JAVA_FLOAT, 2, 1.0f);
  }

  /**
   * Loads cuBLAS, creates a handle on the calling thread's current context and binds it to
   * {@code stream}.
   *
   * @throws CudaUnavailableException when no cuBLAS library can be loaded or lacks a function
   * @throws CudaException when cuBLAS cannot start (status named)
   */
  static Cublas open(MemorySegment stream) {
    List<String> tried = new ArrayList<>();
    SymbolLookup lookup = null;
    String name = null;
    for (String candidate : CudaLibraries.cublasCandidates()) {
      try {
        lookup = SymbolLookup.libraryLookup(candidate, Arena.global());
        name = candidate;
        break;
      } catch (IllegalArgumentException e) {
        tried.add(candidate);
      }
    }
    if (lookup == null) {
      throw new CudaUnavailableException("no cuBLAS library could be loaded (tried "
          + String.join(", ", tried) + "); prompts run on the matvec kernels. Install cuBLAS"
          + " or name it with -D" + CudaLibraries.CUBLAS_PROPERTY + "=/path/libcublas.so");
    }
    MethodHandle create;
    MethodHandle destroy;
    MethodHandle setStream;
    MethodHandle gemm;
    try {
      create = h(lookup, "cublasCreate_v2", ADDRESS);
      destroy = h(lookup, "cublasDestroy_v2", ADDRESS);
      setStream = h(lookup, "cublasSetStream_v2", ADDRESS, ADDRESS);
      gemm = h(lookup, "cublasGemmEx", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
          ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS,
          JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    } catch (IllegalArgumentException e) {
      throw new CudaUnavailableException(name + " lacks a function the prompt path needs: "
          + e.getMessage(), e);
    }
    try (Arena a = Arena.ofConfined()) {
      MemorySegment out = a.allocate(ADDRESS);
      check("cublasCreate", (int) create.invokeExact(out));
      MemorySegment handle = out.get(ADDRESS, 0);
      int rc = (int) setStream.invokeExact(handle, stream);
      if (rc != 0) {
        int ignored = (int) destroy.invokeExact(handle);
        check("cublasSetStream", rc);
      }
      return new Cublas(name, destroy, gemm, handle);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private static MethodHandle h(SymbolLookup lookup, String name, MemoryLayout... args) {
    MemorySegment f = lookup.find(name)
        .orElseThrow(() -> new IllegalArgumentException("missing symbol " + name));
    return Linker.nativeLinker().downcallHandle(f, FunctionDescriptor.of(JAVA_INT, args));
  }

  private static void check(String call, int status) {
    if (status != 0) {
      throw new CudaException(call, status, STATUS.getOrDefault(status, "CUBLAS_STATUS_" + status),
          "cuBLAS call failed");
    }
  }

  /** The library file that was loaded. */
  public String library() {
    return library;
  }

  /**
   * {@code C (n, m) = X (n, k) @ W (m, k)^T}, or {@code C += ...} when {@code accumulate}: all
   * row-major, W and X of {@code type}, C float32 (asynchronous, in the context's stream).
   *
   * @param w device pointer to m * k elements
   * @param x device pointer to n * k elements
   * @param c device pointer to n * m floats
   */
  void gemm(InputType type, int m, int n, int k, long w, long x, long c, boolean accumulate) {
    if (closed) {
      throw new IllegalStateException("cuBLAS handle was closed");
    }
    // cuBLAS is column-major: row-major C (n, m) is column-major (m x n, ldc m); row-major W
    // (m, k) read column-major is (k x m, ld k), transposed by OP_T; row-major X (n, k) is
    // column-major (k x n, ld k), used as is.
    MemorySegment alpha = alphaBeta.asSlice(0, Float.BYTES);
    MemorySegment beta = alphaBeta.asSlice(accumulate ? 2L * Float.BYTES : Float.BYTES,
        Float.BYTES);
    try {
      check("cublasGemmEx", (int) gemmEx.invokeExact(handle, OP_T, OP_N, m, n, k, alpha, w,
          type.cudaType, k, x, type.cudaType, k, beta, c, CUDA_R_32F, m, type.compute,
          GEMM_DEFAULT));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Destroys the handle. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      check("cublasDestroy", (int) destroy.invokeExact(handle));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
