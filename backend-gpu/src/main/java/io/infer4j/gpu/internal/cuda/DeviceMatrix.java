package io.infer4j.gpu.internal.cuda;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One weight matrix {@code (rows, cols)} in device memory, in {@link WeightLayout}'s layout for
 * its type, with the kernels that read it. Owned by {@link CudaWeights}, which closes it.
 */
final class DeviceMatrix implements AutoCloseable {
  private final String name;
  private final GgmlType type;
  private final int rows;
  private final int cols;
  private final DeviceBuffer data;
  private final DeviceBuffer scales; // Q8_0 / Q4_0 only, else null
  private final String matvecKernel; // matvec_<suffix>, named once rather than per launch
  private final String embedKernel; // embed_<suffix>
  private final String addKernel; // matvec_add_<suffix>
  private final String swigluKernel; // matvec_swiglu_<suffix>
  private final String qkvKernel; // matvec_qkv_<suffix>

  DeviceMatrix(String name, GgmlType type, int rows, int cols, DeviceBuffer data,
      DeviceBuffer scales) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.rows = rows;
    this.cols = cols;
    this.data = Objects.requireNonNull(data, "data");
    this.scales = scales;
    this.matvecKernel = "matvec_" + suffix(type);
    this.embedKernel = "embed_" + suffix(type);
    this.addKernel = "matvec_add_" + suffix(type);
    this.swigluKernel = "matvec_swiglu_" + suffix(type);
    this.qkvKernel = "matvec_qkv_" + suffix(type);
    boolean quantized = type == GgmlType.Q8_0 || type == GgmlType.Q4_0;
    if (quantized != (scales != null)) {
      throw new IllegalArgumentException(name + ": scales must be given exactly for Q8_0/Q4_0");
    }
  }

  /**
   * Uploads {@code view} in {@link WeightLayout}'s layout; the caller closes the result.
   *
   * @param fileBytes the tensor's bytes as stored in its file, or {@code null} to re-encode
   */
  public static DeviceMatrix upload(CudaContext cuda, TensorView view, MemorySegment fileBytes) {
    try (Arena arena = Arena.ofConfined()) {
      List<MemorySegment> image = WeightLayout.image(view, fileBytes, arena);
      DeviceBuffer data = cuda.allocate(image.get(0).byteSize());
      DeviceBuffer scales = null;
      try {
        data.upload(image.get(0));
        if (image.size() > 1) {
          scales = cuda.allocate(image.get(1).byteSize());
          scales.upload(image.get(1));
        }
        return new DeviceMatrix(view.name(), WeightLayout.deviceType(view.type()), view.rows(),
            view.cols(), data, scales);
      } catch (RuntimeException e) {
        data.close();
        if (scales != null) {
          scales.close();
        }
        throw e;
      }
    }
  }

  /** The tensor's name in its file. */
  public String name() {
    return name;
  }

  /** The stored type. */
  public GgmlType type() {
    return type;
  }

  /** Output rows. */
  public int rows() {
    return rows;
  }

  /** Input columns. */
  public int cols() {
    return cols;
  }

  /** Device bytes held. */
  public long byteSize() {
    return data.byteSize() + (scales == null ? 0 : scales.byteSize());
  }

  /** The kernel suffix of this type: {@code f32}, {@code q8_0}, ... */
  static String suffix(GgmlType type) {
    return type.name().toLowerCase(Locale.ROOT);
  }

  /** Device pointer to the weights (quants or nibbles for Q8_0/Q4_0). */
  long weights() {
    return data.pointer();
  }

  /** Device pointer to the Q8_0/Q4_0 scales, or 0 for the other types (the kernels ignore it). */
  long scales() {
    return scales == null ? 0L : scales.pointer();
  }

  /**
   * Launches {@code out (batch, rows) = x (batch, cols) @ this^T} (asynchronous).
   *
   * @param x device pointer to {@code batch * cols} floats
   * @param out device pointer to {@code batch * rows} floats
   */
  public void matvec(CudaContext cuda, long x, long out, int batch) {
    cuda.launch(matvecKernel, LaunchConfig.matvec(rows, batch), weights(), scales(), x, out,
        rows, cols);
  }

  /** Launches {@code out (batch, rows) += x (batch, cols) @ this^T}: the residual add fused. */
  public void matvecAdd(CudaContext cuda, long x, long out, int batch) {
    cuda.launch(addKernel, LaunchConfig.matvec(rows, batch), weights(),
        scales(), x, out, rows, cols);
  }

  /** Whether {@link #swiglu} can fuse {@code gate} and {@code up}: same type and shape. */
  static boolean fusable(DeviceMatrix a, DeviceMatrix b) {
    return a.type == b.type && a.rows == b.rows && a.cols == b.cols;
  }

  /**
   * Launches {@code out = silu(x @ gate^T) * (x @ up^T)} per token, one kernel for both products.
   *
   * @throws IllegalArgumentException unless {@link #fusable}
   */
  static void swiglu(CudaContext cuda, DeviceMatrix gate, DeviceMatrix up, long x, long out,
      int batch) {
    if (!fusable(gate, up)) {
      throw new IllegalArgumentException(gate + " and " + up + " differ in type or shape");
    }
    cuda.launch(gate.swigluKernel, LaunchConfig.matvecSwiglu(gate.rows, batch),
        gate.weights(), gate.scales(), up.weights(), up.scales(), x, out, gate.rows, gate.cols);
  }

  /** Whether {@link #qkv} can fuse the three projections: one type, one width, k and v alike. */
  static boolean fusable(DeviceMatrix q, DeviceMatrix k, DeviceMatrix v) {
    return q.type == k.type && k.type == v.type && q.cols == k.cols && k.cols == v.cols
        && k.rows == v.rows;
  }

  /**
   * Launches {@code q = x @ wq^T, k = x @ wk^T, v = x @ wv^T} per token as one kernel.
   *
   * @throws IllegalArgumentException unless {@link #fusable(DeviceMatrix, DeviceMatrix,
   *     DeviceMatrix)}
   */
  static void qkv(CudaContext cuda, DeviceMatrix wq, DeviceMatrix wk, DeviceMatrix wv, long x,
      long q, long k, long v, int batch) {
    if (!fusable(wq, wk, wv)) {
      throw new IllegalArgumentException(wq + ", " + wk + " and " + wv + " cannot be fused");
    }
    cuda.launch(wq.qkvKernel, LaunchConfig.matvecQkv(wq.rows, wk.rows, batch),
        wq.weights(), wq.scales(), wk.weights(), wk.scales(), wv.weights(), wv.scales(), x, q, k,
        v, wq.rows, wk.rows, wq.cols);
  }

  /**
   * Launches {@code out (batch, cols)}: row {@code tokens[t]} dequantized to float32 for each
   * token t (asynchronous). The token ids are read on the device and must be in range.
   *
   * @param tokens device pointer to {@code batch} ints
   */
  public void embed(CudaContext cuda, long tokens, long out, int batch) {
    cuda.launch(embedKernel, LaunchConfig.embed(cols, batch), weights(), scales(), tokens, out,
        cols);
  }

  /**
   * Launches the conversion of this Q8_0 / Q4_0 matrix to IEEE half, row-major, into {@code out}
   * ({@code rows * cols} halves; the tensor-core prompt path's operand).
   *
   * @throws IllegalStateException for the other types (F16 is used as it is, BF16 and F32 take
   *     other paths)
   */
  void dequantizeToHalf(CudaContext cuda, long out) {
    long n = (long) rows * cols;
    if (scales == null || n > Integer.MAX_VALUE) {
      throw new IllegalStateException(this + " has no half-precision conversion");
    }
    int pieces = (int) (type == GgmlType.Q8_0 ? n / 16 : n / 32); // one per thread (ops.cu)
    cuda.launch("dequant_" + suffix(type) + "_f16", LaunchConfig.elementwise(pieces), weights(),
        scales(), out, (int) n);
  }

  @Override
  public void close() {
    data.close();
    if (scales != null) {
      scales.close();
    }
  }

  @Override
  public String toString() {
    return name + "[" + type + " " + rows + "x" + cols + " on device]";
  }
}
