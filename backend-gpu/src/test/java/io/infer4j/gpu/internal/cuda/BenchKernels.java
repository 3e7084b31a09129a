package io.infer4j.gpu.internal.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@link GpuBench}'s own kernels ({@code bench.cu}, a test resource beside this class, so not part
 * of the backend and not known to {@link CudaKernels}): a vectorised device-to-device copy, the
 * fill that gives it non-zero data, and the check that the copy happened. Compiled by NVRTC, or
 * read as {@code bench.ptx} from {@value CudaKernels#PTX_DIR_PROPERTY} when that is set (built by
 * {@code gpu-tests.sh pack} with nvcc), and launched straight through {@link CudaNative}.
 *
 * <p>Not thread-safe: one thread uses it, with its context current.
 */
final class BenchKernels implements AutoCloseable {
  static final String SOURCE = "bench.cu";
  static final int THREADS = 256;

  private final CudaContext cuda;
  private final CudaNative api;
  private final MemorySegment module;
  private final MemorySegment copy;
  private final MemorySegment fill;
  private final MemorySegment compare;
  private final Arena arena = Arena.ofConfined();
  private final MemorySegment values;
  private final MemorySegment params;
  private final int blocks;

  BenchKernels(CudaContext cuda, int multiprocessors) {
    this.cuda = cuda;
    this.api = cuda.nativeApi();
    cuda.current();
    this.module = api.loadModule(ptx(api, cuda.capability()));
    this.copy = api.function(module, "bench_copy");
    this.fill = api.function(module, "bench_fill");
    this.compare = api.function(module, "bench_compare");
    this.values = arena.allocate(4L * Long.BYTES, Long.BYTES);
    this.params = arena.allocate(ValueLayout.ADDRESS, 4);
    for (int i = 0; i < 4; i++) {
      params.setAtIndex(ValueLayout.ADDRESS, i, values.asSlice((long) i * Long.BYTES));
    }
    // one full wave: 2048 resident threads per SM on every chip since Volta (32 registers each)
    this.blocks = Math.max(1, multiprocessors) * (2048 / THREADS);
  }

  /** PTX of {@code bench.cu}: the prebuilt file when a PTX folder is given, else NVRTC's. */
  static String ptx(CudaNative api, ComputeCapability capability) {
    String dir = System.getProperty(CudaKernels.PTX_DIR_PROPERTY);
    if (dir != null && !dir.isBlank()) {
      Path p = Path.of(dir, "bench.ptx");
      try {
        return Files.readString(p);
      } catch (IOException e) {
        throw new CudaUnavailableException("-D" + CudaKernels.PTX_DIR_PROPERTY + "=" + dir
            + ": cannot read " + p + " (gpu-tests.sh pack builds it with nvcc): " + e, e);
      }
    }
    return api.compileToPtx(SOURCE, source(), Map.of(), CudaKernels.options(capability));
  }

  static String source() {
    try (InputStream in = BenchKernels.class.getResourceAsStream(SOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SOURCE + " is not on the classpath beside "
            + BenchKernels.class.getName() + " (test resources of backend-gpu)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void launch(MemorySegment function, Object... args) {
    for (int i = 0; i < args.length; i++) {
      long slot = (long) i * Long.BYTES;
      switch (args[i]) {
        case Long l -> values.set(ValueLayout.JAVA_LONG, slot, l);
        case Integer n -> values.set(ValueLayout.JAVA_INT, slot, n);
        default -> throw new IllegalArgumentException(String.valueOf(args[i]));
      }
    }
    api.launch(function, new LaunchConfig(blocks, 1, 1, THREADS, 1, 1, 0), MemorySegment.NULL,
        params);
  }

  /** Copies {@code bytes} (a multiple of 16, both pointers 16-byte aligned) from src to dst. */
  void copy(long src, long dst, long bytes) {
    launch(copy, src, dst, bytes / 16);
  }

  /** Fills {@code bytes} (a multiple of 4) at {@code p} with a non-zero hash of the index. */
  void fill(long p, long bytes, int seed) {
    launch(fill, p, bytes / 4, seed);
  }

  /** 16-byte elements that differ between {@code a} and {@code b} (synchronous). */
  int mismatches(long a, long b, long bytes) {
    try (DeviceBuffer count = cuda.allocate(Integer.BYTES)) {
      count.upload(MemorySegment.ofArray(new int[1]));
      cuda.current();
      launch(compare, a, b, bytes / 16, count.pointer());
      cuda.synchronize();
      return count.downloadInt();
    }
  }

  /** Resident-wave grid size used for every launch. */
  int blocks() {
    return blocks;
  }

  @Override
  public void close() {
    try {
      cuda.current();
      api.unloadModule(module);
    } finally {
      arena.close();
    }
  }
}
