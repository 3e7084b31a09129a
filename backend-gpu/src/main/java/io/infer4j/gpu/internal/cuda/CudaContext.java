package io.infer4j.gpu.internal.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The internal facade over {@link CudaNative}: one device's primary context, the kernel modules
 * loaded into it (compiled once per compute capability by {@link CudaKernels}), and the device
 * buffers allocated in it. {@link #close()} frees every buffer still open, unloads the modules and
 * releases the context.
 *
 * <p>Thread-safe: methods are synchronized, and each makes the context current on the calling
 * thread first (a CUDA context is current per thread). Kernels run on one stream of the context,
 * created blocking (it synchronises with the legacy default stream that the plain copies use), so
 * launches and copies from one context execute in order. {@link #capture} records a run of
 * launches as a CUDA graph that {@link CudaGraph#replay()} runs again at the cost of one launch.
 */
public final class CudaContext implements AutoCloseable {
  /** The most arguments {@link #launch} passes to a kernel (the attention kernel takes ten). */
  static final int MAX_KERNEL_ARGS = 16;

  private final CudaNative cuda;
  private final int device;
  private final String name;
  private final ComputeCapability capability;
  private final MemorySegment context;
  private final Map<DeviceBuffer, Long> live = new IdentityHashMap<>();
  private final Map<String, MemorySegment> modules = new HashMap<>();
  private final Map<String, MemorySegment> functions = new HashMap<>();
  private final List<CudaGraph> graphs = new ArrayList<>();
  private final MemorySegment stream;
  private Cublas cublas; // loaded on first use by cublas()
  private String cublasMissing; // why cuBLAS is not there, once tried
  /** The launch arguments' values, one 8-byte slot each; reused by every launch. */
  private final MemorySegment argValues;
  /** cuLaunchKernel's {@code kernelParams}: slot i's address at index i, set once. */
  private final MemorySegment argPointers;
  private boolean closed;

  private CudaContext(CudaNative cuda, int ordinal) {
    this.cuda = cuda;
    cuda.init();
    int count = cuda.deviceCount();
    if (ordinal < 0 || ordinal >= count) {
      throw new CudaUnavailableException("CUDA device " + ordinal + " does not exist: the driver ("
          + cuda.driverLibrary() + ") reports " + count + " device(s)");
    }
    this.device = cuda.device(ordinal);
    this.name = cuda.deviceName(device);
    this.capability = new ComputeCapability(
        cuda.deviceAttribute(device, CudaNative.ATTR_CC_MAJOR),
        cuda.deviceAttribute(device, CudaNative.ATTR_CC_MINOR));
    this.context = cuda.retainPrimaryContext(device);
    cuda.setCurrent(context);
    this.stream = cuda.streamCreate();
    Arena args = Arena.ofAuto();
    this.argValues = args.allocate((long) MAX_KERNEL_ARGS * Long.BYTES, Long.BYTES);
    this.argPointers = args.allocate(ValueLayout.ADDRESS, MAX_KERNEL_ARGS);
    for (int i = 0; i < MAX_KERNEL_ARGS; i++) {
      argPointers.setAtIndex(ValueLayout.ADDRESS, i, argValues.asSlice((long) i * Long.BYTES));
    }
  }

  /**
   * Opens device {@code ordinal}: loads the libraries, initialises the driver and retains the
   * device's primary context.
   *
   * @throws CudaUnavailableException when a library is missing or there is no such device
   * @throws CudaException when a driver call fails (e.g. {@code CUDA_ERROR_NO_DEVICE})
   */
  public static CudaContext open(int ordinal) {
    CudaNative cuda = CudaNative.load();
    try {
      return new CudaContext(cuda, ordinal);
    } catch (CudaException e) {
      throw new CudaUnavailableException("the CUDA driver (" + cuda.driverLibrary()
          + ") has no usable device: " + e.getMessage(), e);
    }
  }

  /** The device's name, e.g. "NVIDIA H100 80GB HBM3". */
  public String deviceName() {
    return name;
  }

  /** The device's compute capability. */
  public ComputeCapability capability() {
    return capability;
  }

  CudaNative nativeApi() {
    return cuda;
  }

  /** Makes this context current on the calling thread. */
  synchronized void current() {
    checkOpen();
    cuda.setCurrent(context);
  }

  /** {@code {free, total}} device memory in bytes. */
  public synchronized long[] memoryInfo() {
    current();
    return cuda.memoryInfo();
  }

  /** Allocates {@code bytes} (at least 1) of device memory; the caller closes the buffer. */
  public synchronized DeviceBuffer allocate(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("device buffers need at least 1 byte: " + bytes);
    }
    current();
    long p = cuda.memAlloc(bytes);
    DeviceBuffer b = new DeviceBuffer(this, p, bytes);
    live.put(b, p);
    return b;
  }

  /** Allocates a buffer holding {@code values}. */
  public DeviceBuffer upload(float[] values) {
    DeviceBuffer b = allocate((long) Math.max(1, values.length) * Float.BYTES);
    if (values.length > 0) {
      b.upload(values);
    }
    return b;
  }

  synchronized void free(DeviceBuffer buffer, long pointer) {
    if (live.remove(buffer) != null && !closed) {
      cuda.setCurrent(context);
      cuda.memFree(pointer);
    }
  }

  /** Bytes held by buffers not yet closed. */
  public synchronized long liveBytes() {
    return live.keySet().stream().mapToLong(DeviceBuffer::byteSize).sum();
  }

  /**
   * Launches kernel {@code kernel} (compiled from the module that defines it) asynchronously.
   *
   * @param args the kernel's arguments in order: {@link Long} for device pointers, {@link
   *     Integer} for {@code int}, {@link Float} for {@code float}
   */
  public synchronized void launch(String kernel, LaunchConfig config, Object... args) {
    current();
    MemorySegment f = function(kernel);
    if (args.length > MAX_KERNEL_ARGS) {
      throw new IllegalArgumentException("kernel " + kernel + " is given " + args.length
          + " arguments, more than " + MAX_KERNEL_ARGS);
    }
    // cuLaunchKernel copies the values before it returns, so one block serves every launch
    // (launches are serialised by this object's lock).
    for (int i = 0; i < args.length; i++) {
      long slot = (long) i * Long.BYTES;
      switch (args[i]) {
        case Long l -> argValues.set(ValueLayout.JAVA_LONG, slot, l);
        case Integer n -> argValues.set(ValueLayout.JAVA_INT, slot, n);
        case Float x -> argValues.set(ValueLayout.JAVA_FLOAT, slot, x);
        default -> throw new IllegalArgumentException("kernel " + kernel + " argument " + i
            + " has unsupported type " + args[i].getClass().getName());
      }
    }
    cuda.launch(f, config, stream, argPointers);
  }

  /**
   * Copies {@code src} to device pointer {@code dst} in the launch stream's order (returns once
   * the bytes are staged, so {@code src} may be reused).
   */
  public synchronized void uploadAsync(long dst, MemorySegment src) {
    current();
    cuda.copyToDeviceAsync(dst, src, src.byteSize(), stream);
  }

  /**
   * Records the launches {@code work} makes (on this thread, through {@link #launch}) into a CUDA
   * graph instead of running them, and returns it instantiated. Nothing else may use this context
   * meanwhile (the lock is held throughout). The caller closes the graph; {@link #close()} closes
   * those still open.
   *
   * @throws CudaException when the driver cannot capture or instantiate the work
   */
  public synchronized CudaGraph capture(Runnable work) {
    current();
    cuda.beginCapture(stream);
    try {
      work.run();
    } catch (RuntimeException e) {
      try {
        cuda.graphDestroy(cuda.endCapture(stream));
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    MemorySegment graph = cuda.endCapture(stream);
    MemorySegment exec;
    try {
      exec = cuda.graphInstantiate(graph);
    } finally {
      cuda.graphDestroy(graph); // the executable instance keeps what it needs
    }
    CudaGraph g = new CudaGraph(this, exec);
    graphs.add(g);
    return g;
  }

  synchronized void replay(MemorySegment exec) {
    current();
    cuda.graphLaunch(exec, stream);
  }

  synchronized void destroy(CudaGraph graph, MemorySegment exec) {
    if (graphs.remove(graph) && !closed) {
      cuda.setCurrent(context);
      cuda.graphExecDestroy(exec);
    }
  }

  /**
   * cuBLAS bound to this context's stream, loaded on first use; empty (with the reason in {@link
   * #cublasMissing()}) where the library is not installed or cannot start.
   */
  public synchronized java.util.Optional<Cublas> cublas() {
    checkOpen();
    if (cublas == null && cublasMissing == null) {
      current();
      try {
        cublas = Cublas.open(stream);
      } catch (CudaUnavailableException | CudaException e) {
        cublasMissing = e.getMessage();
      }
    }
    return java.util.Optional.ofNullable(cublas);
  }

  /**
   * Launches {@link Cublas#gemm} with the context current and its lock held (a cuBLAS handle
   * serves one caller at a time).
   *
   * @throws IllegalStateException when {@link #cublas()} is empty
   */
  synchronized void gemm(Cublas.InputType type, int m, int n, int k, long w, long x, long c,
      boolean accumulate) {
    Cublas b = cublas().orElseThrow(() -> new IllegalStateException(
        "cuBLAS is not available: " + cublasMissing));
    current();
    b.gemm(type, m, n, k, w, x, c, accumulate);
  }

  /** Why {@link #cublas()} is empty, or null when it was not tried or is there. */
  public synchronized String cublasMissing() {
    return cublasMissing;
  }

  /** Waits for every launched kernel and copy; reports a kernel's failure. */
  public synchronized void synchronize() {
    current();
    cuda.synchronize();
  }

  private MemorySegment function(String kernel) {
    MemorySegment f = functions.get(kernel);
    if (f == null) {
      String file = CudaKernels.fileOf(kernel);
      MemorySegment module = modules.get(file);
      if (module == null) {
        module = cuda.loadModule(CudaKernels.ptx(cuda, file, capability));
        modules.put(file, module);
      }
      f = cuda.function(module, kernel);
      functions.put(kernel, f);
    }
    return f;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the CUDA context of " + name + " was closed");
    }
  }

  /** Frees every open buffer, unloads the modules and releases the context. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    List<RuntimeException> failures = new ArrayList<>();
    try {
      cuda.setCurrent(context);
      if (cublas != null) {
        try {
          cublas.close();
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }
      for (CudaGraph g : List.copyOf(graphs)) {
        try {
          cuda.graphExecDestroy(g.exec());
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }
      graphs.clear();
      try {
        cuda.streamSynchronize(stream);
        cuda.streamDestroy(stream);
      } catch (RuntimeException e) {
        failures.add(e);
      }
      for (long p : live.values()) {
        try {
          cuda.memFree(p);
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }
      for (MemorySegment m : modules.values()) {
        try {
          cuda.unloadModule(m);
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }
      cuda.releasePrimaryContext(device);
    } finally {
      closed = true;
      live.clear();
      modules.clear();
      functions.clear();
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.getFirst();
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
  }

  @Override
  public String toString() {
    return "CudaContext[" + name + ", sm_" + capability.major() + capability.minor() + "]";
  }
}
