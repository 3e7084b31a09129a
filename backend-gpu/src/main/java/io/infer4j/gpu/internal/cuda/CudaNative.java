package io.infer4j.gpu.internal.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
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

/**
 * Every native call of the GPU backend: the CUDA driver API ({@code libcuda}) and NVRTC ({@code
 * libnvrtc}) through the JDK's FFM API; no JNI, no native library of our own. Each method checks
 * the result code and throws {@link CudaException} with the code's name. Handles are the driver's
 * opaque pointers ({@link MemorySegment}); device pointers are {@code long}s.
 *
 * <p>Thread-safe (method handles are). The driver's calls act on the calling thread's current
 * context: {@link CudaContext} makes its context current before using it.
 */
final class CudaNative {
  /** {@code CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR} / {@code _MINOR} (cuda.h). */
  static final int ATTR_CC_MAJOR = 75;
  static final int ATTR_CC_MINOR = 76;

  private static final Linker LINKER = Linker.nativeLinker();

  private final String driverLibrary;
  private final String nvrtcLibrary; // null when NVRTC could not be loaded
  private final String nvrtcMissing; // why not, or null
  // driver API; the _v2 names are the ABI that cuda.h maps the plain names to
  private final MethodHandle cuInit, cuDeviceGetCount, cuDeviceGet, cuDeviceGetName,
      cuDeviceGetAttribute, cuDevicePrimaryCtxRetain, cuDevicePrimaryCtxRelease,
      cuCtxSetCurrent, cuCtxSynchronize, cuMemGetInfo, cuMemAlloc, cuMemFree, cuMemcpyHtoD,
      cuMemcpyDtoH, cuModuleLoadData, cuModuleUnload,
      cuModuleGetFunction, cuLaunchKernel, cuGetErrorName, cuGetErrorString,
      cuStreamCreate, cuStreamDestroy, cuStreamSynchronize, cuMemcpyHtoDAsync,
      cuStreamBeginCapture, cuStreamEndCapture, cuGraphInstantiate, cuGraphLaunch,
      cuGraphExecDestroy, cuGraphDestroy;
  // NVRTC
  private final MethodHandle nvrtcVersion, nvrtcCreateProgram, nvrtcCompileProgram,
      nvrtcGetPTXSize, nvrtcGetPTX, nvrtcGetProgramLogSize, nvrtcGetProgramLog,
      nvrtcDestroyProgram, nvrtcGetErrorString;

  private CudaNative(String driverName, SymbolLookup cu, String nvrtcName, SymbolLookup rtc,
      String nvrtcMissing) {
    this.driverLibrary = driverName;
    this.nvrtcLibrary = nvrtcName;
    this.nvrtcMissing = nvrtcMissing;
    cuInit = h(cu, "cuInit", JAVA_INT);
    cuDeviceGetCount = h(cu, "cuDeviceGetCount", ADDRESS);
    cuDeviceGet = h(cu, "cuDeviceGet", ADDRESS, JAVA_INT);
    cuDeviceGetName = h(cu, "cuDeviceGetName", ADDRESS, JAVA_INT, JAVA_INT);
    cuDeviceGetAttribute = h(cu, "cuDeviceGetAttribute", ADDRESS, JAVA_INT, JAVA_INT);
    cuDevicePrimaryCtxRetain = h(cu, "cuDevicePrimaryCtxRetain", ADDRESS, JAVA_INT);
    cuDevicePrimaryCtxRelease = h(cu, "cuDevicePrimaryCtxRelease_v2", JAVA_INT);
    cuCtxSetCurrent = h(cu, "cuCtxSetCurrent", ADDRESS);
    cuCtxSynchronize = h(cu, "cuCtxSynchronize");
    cuMemGetInfo = h(cu, "cuMemGetInfo_v2", ADDRESS, ADDRESS);
    cuMemAlloc = h(cu, "cuMemAlloc_v2", ADDRESS, JAVA_LONG);
    cuMemFree = h(cu, "cuMemFree_v2", JAVA_LONG);
    cuMemcpyHtoD = h(cu, "cuMemcpyHtoD_v2", JAVA_LONG, ADDRESS, JAVA_LONG);
    cuMemcpyDtoH = h(cu, "cuMemcpyDtoH_v2", ADDRESS, JAVA_LONG, JAVA_LONG);
    cuModuleLoadData = h(cu, "cuModuleLoadData", ADDRESS, ADDRESS);
    cuModuleUnload = h(cu, "cuModuleUnload", ADDRESS);
    cuModuleGetFunction = h(cu, "cuModuleGetFunction", ADDRESS, ADDRESS, ADDRESS);
    cuLaunchKernel = h(cu, "cuLaunchKernel", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
        JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    cuGetErrorName = h(cu, "cuGetErrorName", JAVA_INT, ADDRESS);
    cuGetErrorString = h(cu, "cuGetErrorString", JAVA_INT, ADDRESS);
    cuStreamCreate = h(cu, "cuStreamCreate", ADDRESS, JAVA_INT);
    cuStreamDestroy = h(cu, "cuStreamDestroy_v2", ADDRESS);
    cuStreamSynchronize = h(cu, "cuStreamSynchronize", ADDRESS);
    cuMemcpyHtoDAsync = h(cu, "cuMemcpyHtoDAsync_v2", JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS);
    cuStreamBeginCapture = h(cu, "cuStreamBeginCapture_v2", ADDRESS, JAVA_INT);
    cuStreamEndCapture = h(cu, "cuStreamEndCapture", ADDRESS, ADDRESS);
    cuGraphInstantiate = h(cu, "cuGraphInstantiateWithFlags", ADDRESS, ADDRESS, JAVA_LONG);
    cuGraphLaunch = h(cu, "cuGraphLaunch", ADDRESS, ADDRESS);
    cuGraphExecDestroy = h(cu, "cuGraphExecDestroy", ADDRESS);
    cuGraphDestroy = h(cu, "cuGraphDestroy", ADDRESS);
    if (rtc == null) {
      nvrtcVersion = nvrtcCreateProgram = nvrtcCompileProgram = nvrtcGetPTXSize = nvrtcGetPTX =
          nvrtcGetProgramLogSize = nvrtcGetProgramLog = nvrtcDestroyProgram =
          nvrtcGetErrorString = null;
      return;
    }
    nvrtcVersion = h(rtc, "nvrtcVersion", ADDRESS, ADDRESS);
    nvrtcCreateProgram = h(rtc, "nvrtcCreateProgram", ADDRESS, ADDRESS, ADDRESS, JAVA_INT,
        ADDRESS, ADDRESS);
    nvrtcCompileProgram = h(rtc, "nvrtcCompileProgram", ADDRESS, JAVA_INT, ADDRESS);
    nvrtcGetPTXSize = h(rtc, "nvrtcGetPTXSize", ADDRESS, ADDRESS);
    nvrtcGetPTX = h(rtc, "nvrtcGetPTX", ADDRESS, ADDRESS);
    nvrtcGetProgramLogSize = h(rtc, "nvrtcGetProgramLogSize", ADDRESS, ADDRESS);
    nvrtcGetProgramLog = h(rtc, "nvrtcGetProgramLog", ADDRESS, ADDRESS);
    nvrtcDestroyProgram = h(rtc, "nvrtcDestroyProgram", ADDRESS);
    nvrtcGetErrorString = LINKER.downcallHandle(find(rtc, "nvrtcGetErrorString"),
        FunctionDescriptor.of(ADDRESS, JAVA_INT));
  }

  /**
   * Loads the driver library and, if present, NVRTC (process-wide, never unloaded) and links
   * every function. Without NVRTC, kernels can still come as prebuilt PTX ({@link
   * CudaKernels#PTX_DIR_PROPERTY}); {@link #compileToPtx} then says NVRTC is missing.
   *
   * @throws CudaUnavailableException naming each driver library name tried when none can be
   *     loaded, or the missing function
   */
  public static CudaNative load() {
    Loaded cu = open("CUDA driver", CudaLibraries.driverCandidates());
    Loaded rtc = null;
    String rtcMissing = null;
    try {
      rtc = open("NVRTC", CudaLibraries.nvrtcCandidates());
    } catch (CudaUnavailableException e) {
      rtcMissing = e.getMessage();
    }
    try {
      return new CudaNative(cu.name, cu.lookup, rtc == null ? null : rtc.name,
          rtc == null ? null : rtc.lookup, rtcMissing);
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      throw new CudaUnavailableException("the CUDA libraries " + cu.name
          + (rtc == null ? "" : " and " + rtc.name) + " lack a function this backend needs: "
          + e.getMessage(), e);
    }
  }

  private record Loaded(String name, SymbolLookup lookup) {}

  private static Loaded open(String what, List<String> candidates) {
    List<String> tried = new ArrayList<>();
    for (String name : candidates) {
      try {
        return new Loaded(name, SymbolLookup.libraryLookup(name, Arena.global()));
      } catch (IllegalArgumentException e) {
        tried.add(name);
      } catch (IllegalCallerException e) {
        throw new CudaUnavailableException("native access is disabled for infer4j-backend-gpu:"
            + " run java with --enable-native-access=ALL-UNNAMED (or the module's name)", e);
      }
    }
    throw new CudaUnavailableException("no " + what + " library could be loaded (tried "
        + String.join(", ", tried) + "); install the NVIDIA driver"
        + (what.equals("NVRTC") ? " and the CUDA toolkit's NVRTC (libnvrtc)" : "")
        + ", or add its directory to LD_LIBRARY_PATH");
  }

  private static MemorySegment find(SymbolLookup lookup, String name) {
    return lookup.find(name)
        .orElseThrow(() -> new IllegalArgumentException("missing symbol " + name));
  }

  private static MethodHandle h(SymbolLookup lookup, String name, MemoryLayout... args) {
    return LINKER.downcallHandle(find(lookup, name), FunctionDescriptor.of(JAVA_INT, args));
  }

  /** The driver library that was loaded. */
  public String driverLibrary() {
    return driverLibrary;
  }

  /** The NVRTC library that was loaded, if any. */
  public java.util.Optional<String> nvrtcLibrary() {
    return java.util.Optional.ofNullable(nvrtcLibrary);
  }

  private void requireNvrtc() {
    if (nvrtcMissing != null) {
      throw new CudaUnavailableException(nvrtcMissing + " (or give prebuilt PTX with -D"
          + CudaKernels.PTX_DIR_PROPERTY + "=DIR)");
    }
  }

  // ---- errors ------------------------------------------------------------------------------

  private void check(String call, int code) {
    if (code != 0) {
      throw new CudaException(call, code, errorText(cuGetErrorName, code),
          errorText(cuGetErrorString, code));
    }
  }

  private static String errorText(MethodHandle h, int code) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment out = a.allocate(ADDRESS);
      int rc = (int) h.invokeExact(code, out);
      MemorySegment s = out.get(ADDRESS, 0);
      return rc != 0 || s.equals(MemorySegment.NULL) ? "CUDA_ERROR_" + code
          : s.reinterpret(4096).getString(0);
    } catch (Throwable t) {
      return "CUDA_ERROR_" + code;
    }
  }

  private void checkNvrtc(String call, int code, String log) {
    if (code != 0) {
      String name;
      try {
        MemorySegment s = (MemorySegment) nvrtcGetErrorString.invokeExact(code);
        name = s.reinterpret(4096).getString(0);
      } catch (Throwable t) {
        name = "NVRTC_ERROR_" + code;
      }
      throw new CudaException(call, code, name, log);
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }

  // ---- device and context --------------------------------------------------------------------

  /** {@code cuInit(0)}. */
  public void init() {
    try {
      check("cuInit", (int) cuInit.invokeExact(0));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Number of CUDA devices. */
  public int deviceCount() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(JAVA_INT);
      check("cuDeviceGetCount", (int) cuDeviceGetCount.invokeExact(v));
      return v.get(JAVA_INT, 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** The device handle of ordinal {@code ordinal}. */
  public int device(int ordinal) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(JAVA_INT);
      check("cuDeviceGet", (int) cuDeviceGet.invokeExact(v, ordinal));
      return v.get(JAVA_INT, 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** The device's marketing name, e.g. "NVIDIA H100 80GB HBM3". */
  public String deviceName(int device) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(256);
      check("cuDeviceGetName", (int) cuDeviceGetName.invokeExact(v, 256, device));
      return v.getString(0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code cuDeviceGetAttribute}. */
  public int deviceAttribute(int device, int attribute) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(JAVA_INT);
      check("cuDeviceGetAttribute", (int) cuDeviceGetAttribute.invokeExact(v, attribute, device));
      return v.get(JAVA_INT, 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Retains the device's primary context (released by {@link #releasePrimaryContext}). */
  public MemorySegment retainPrimaryContext(int device) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(ADDRESS);
      check("cuDevicePrimaryCtxRetain", (int) cuDevicePrimaryCtxRetain.invokeExact(v, device));
      return v.get(ADDRESS, 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Releases one retain of the device's primary context. */
  public void releasePrimaryContext(int device) {
    try {
      check("cuDevicePrimaryCtxRelease", (int) cuDevicePrimaryCtxRelease.invokeExact(device));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Makes {@code context} current on the calling thread. */
  public void setCurrent(MemorySegment context) {
    try {
      check("cuCtxSetCurrent", (int) cuCtxSetCurrent.invokeExact(context));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Waits for all work of the current context; reports a failed kernel's error. */
  public void synchronize() {
    try {
      check("cuCtxSynchronize", (int) cuCtxSynchronize.invokeExact());
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code {free, total}} bytes of the current context's device. */
  public long[] memoryInfo() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment free = a.allocate(JAVA_LONG);
      MemorySegment total = a.allocate(JAVA_LONG);
      check("cuMemGetInfo", (int) cuMemGetInfo.invokeExact(free, total));
      return new long[] {free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0)};
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  // ---- memory --------------------------------------------------------------------------------

  /** Allocates {@code bytes} of device memory (256-byte aligned); returns the device pointer. */
  public long memAlloc(long bytes) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(JAVA_LONG);
      check("cuMemAlloc", (int) cuMemAlloc.invokeExact(v, bytes));
      return v.get(JAVA_LONG, 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Frees a device pointer from {@link #memAlloc}. */
  public void memFree(long pointer) {
    try {
      check("cuMemFree", (int) cuMemFree.invokeExact(pointer));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Copies {@code bytes} from host memory {@code src} to device pointer {@code dst}. */
  public void copyToDevice(long dst, MemorySegment src, long bytes) {
    try {
      check("cuMemcpyHtoD", (int) cuMemcpyHtoD.invokeExact(dst, src, bytes));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Copies {@code bytes} from device pointer {@code src} to host memory {@code dst}. */
  public void copyToHost(MemorySegment dst, long src, long bytes) {
    try {
      check("cuMemcpyDtoH", (int) cuMemcpyDtoH.invokeExact(dst, src, bytes));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  // ---- modules and launches ------------------------------------------------------------------

  /** Loads a PTX image (NUL-terminated) into the current context; the driver JIT-compiles it. */
  public MemorySegment loadModule(String ptx) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(ADDRESS);
      check("cuModuleLoadData", (int) cuModuleLoadData.invokeExact(v, a.allocateFrom(ptx)));
      return v.get(ADDRESS, 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Unloads a module. */
  public void unloadModule(MemorySegment module) {
    try {
      check("cuModuleUnload", (int) cuModuleUnload.invokeExact(module));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** The kernel {@code name} ({@code extern "C"}) of {@code module}. */
  public MemorySegment function(MemorySegment module, String name) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(ADDRESS);
      check("cuModuleGetFunction " + name,
          (int) cuModuleGetFunction.invokeExact(v, module, a.allocateFrom(name)));
      return v.get(ADDRESS, 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Launches {@code function} on {@code stream} (asynchronous).
   *
   * @param stream a stream from {@link #streamCreate}, or {@code NULL} for the legacy default one
   * @param params {@code void**}: one pointer per kernel argument, to that argument's value
   */
  public void launch(MemorySegment function, LaunchConfig c, MemorySegment stream,
      MemorySegment params) {
    try {
      check("cuLaunchKernel", (int) cuLaunchKernel.invokeExact(function, c.gridX(), c.gridY(),
          c.gridZ(), c.blockX(), c.blockY(), c.blockZ(), c.sharedBytes(), stream,
          params, MemorySegment.NULL));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  // ---- streams and graphs --------------------------------------------------------------------

  /** {@code CU_STREAM_CAPTURE_MODE_RELAXED} (cuda.h). */
  static final int CAPTURE_MODE_RELAXED = 2;

  /**
   * A new stream of the current context, created with {@code CU_STREAM_DEFAULT}: it synchronises
   * with the legacy default stream, so the blocking copies stay ordered after its kernels.
   */
  public MemorySegment streamCreate() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(ADDRESS);
      check("cuStreamCreate", (int) cuStreamCreate.invokeExact(v, 0));
      return v.get(ADDRESS, 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Destroys a stream from {@link #streamCreate}. */
  public void streamDestroy(MemorySegment stream) {
    try {
      check("cuStreamDestroy", (int) cuStreamDestroy.invokeExact(stream));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Waits for the work of {@code stream}; reports a failed kernel's error. */
  public void streamSynchronize(MemorySegment stream) {
    try {
      check("cuStreamSynchronize", (int) cuStreamSynchronize.invokeExact(stream));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Copies {@code bytes} from host memory {@code src} to device pointer {@code dst} in {@code
   * stream}'s order. From pageable memory the driver stages the bytes before returning, so
   * {@code src} may be reused at once.
   */
  public void copyToDeviceAsync(long dst, MemorySegment src, long bytes, MemorySegment stream) {
    try {
      check("cuMemcpyHtoDAsync",
          (int) cuMemcpyHtoDAsync.invokeExact(dst, src, bytes, stream));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Starts capturing {@code stream}'s work into a graph (relaxed mode). */
  public void beginCapture(MemorySegment stream) {
    try {
      check("cuStreamBeginCapture",
          (int) cuStreamBeginCapture.invokeExact(stream, CAPTURE_MODE_RELAXED));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Ends the capture and returns the graph (destroy with {@link #graphDestroy}). */
  public MemorySegment endCapture(MemorySegment stream) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(ADDRESS);
      check("cuStreamEndCapture", (int) cuStreamEndCapture.invokeExact(stream, v));
      return v.get(ADDRESS, 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** An executable instance of {@code graph} (destroy with {@link #graphExecDestroy}). */
  public MemorySegment graphInstantiate(MemorySegment graph) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(ADDRESS);
      check("cuGraphInstantiate", (int) cuGraphInstantiate.invokeExact(v, graph, 0L));
      return v.get(ADDRESS, 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Launches an instantiated graph in {@code stream} (asynchronous). */
  public void graphLaunch(MemorySegment exec, MemorySegment stream) {
    try {
      check("cuGraphLaunch", (int) cuGraphLaunch.invokeExact(exec, stream));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Destroys an instantiated graph. */
  public void graphExecDestroy(MemorySegment exec) {
    try {
      check("cuGraphExecDestroy", (int) cuGraphExecDestroy.invokeExact(exec));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Destroys a graph. */
  public void graphDestroy(MemorySegment graph) {
    try {
      check("cuGraphDestroy", (int) cuGraphDestroy.invokeExact(graph));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  // ---- NVRTC ---------------------------------------------------------------------------------

  /** NVRTC's version as {@code major * 1000 + minor * 10}, e.g. 13000. */
  public int nvrtcVersion() {
    requireNvrtc();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment major = a.allocate(JAVA_INT);
      MemorySegment minor = a.allocate(JAVA_INT);
      checkNvrtc("nvrtcVersion", (int) nvrtcVersion.invokeExact(major, minor), "");
      return major.get(JAVA_INT, 0) * 1000 + minor.get(JAVA_INT, 0) * 10;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Compiles CUDA C++ {@code source} to PTX.
   *
   * @param headers include name to content, for {@code #include "name"}
   * @param options NVRTC options, e.g. {@code --gpu-architecture=compute_90}
   * @throws CudaException with the compiler's log when compilation fails
   */
  public String compileToPtx(String name, String source, java.util.Map<String, String> headers,
      List<String> options) {
    requireNvrtc();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment progOut = a.allocate(ADDRESS);
      MemorySegment hdrs = a.allocate(ADDRESS, Math.max(1, headers.size()));
      MemorySegment hdrNames = a.allocate(ADDRESS, Math.max(1, headers.size()));
      int i = 0;
      for (var e : headers.entrySet()) {
        hdrNames.setAtIndex(ADDRESS, i, a.allocateFrom(e.getKey()));
        hdrs.setAtIndex(ADDRESS, i, a.allocateFrom(e.getValue()));
        i++;
      }
      checkNvrtc("nvrtcCreateProgram", (int) nvrtcCreateProgram.invokeExact(progOut,
          a.allocateFrom(source), a.allocateFrom(name), headers.size(), hdrs, hdrNames), "");
      MemorySegment prog = progOut.get(ADDRESS, 0);
      try {
        MemorySegment opts = a.allocate(ADDRESS, Math.max(1, options.size()));
        for (int k = 0; k < options.size(); k++) {
          opts.setAtIndex(ADDRESS, k, a.allocateFrom(options.get(k)));
        }
        int rc = (int) nvrtcCompileProgram.invokeExact(prog, options.size(), opts);
        if (rc != 0) {
          checkNvrtc("nvrtcCompileProgram " + name, rc, log(a, prog));
        }
        MemorySegment size = a.allocate(JAVA_LONG);
        checkNvrtc("nvrtcGetPTXSize", (int) nvrtcGetPTXSize.invokeExact(prog, size), "");
        MemorySegment ptx = a.allocate(size.get(JAVA_LONG, 0));
        checkNvrtc("nvrtcGetPTX", (int) nvrtcGetPTX.invokeExact(prog, ptx), "");
        return ptx.getString(0);
      } finally {
        int ignored = (int) nvrtcDestroyProgram.invokeExact(progOut);
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private String log(Arena a, MemorySegment prog) throws Throwable {
    MemorySegment size = a.allocate(JAVA_LONG);
    if ((int) nvrtcGetProgramLogSize.invokeExact(prog, size) != 0) {
      return "";
    }
    MemorySegment text = a.allocate(Math.max(1, size.get(JAVA_LONG, 0)));
    if ((int) nvrtcGetProgramLog.invokeExact(prog, text) != 0) {
      return "";
    }
    return text.getString(0);
  }
}
