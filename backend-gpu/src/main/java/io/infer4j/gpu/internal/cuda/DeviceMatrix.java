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
public final class DeviceMatrix implements AutoCloseable {
  private final String name;
  private final GgmlType type;
  private final int rows;
  private final int cols;
  private final DeviceBuffer data;
  private final DeviceBuffer scales; // Q8_0 / Q4_0 only, else null
  private final String matvecKernel; // matvec_<suffix>, named once rather than per launch
  private final String embedKernel; // embed_<suffix>

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

  /**
   * Launches {@code out (batch, rows) = x (batch, cols) @ this^T} (asynchronous).
   *
   * @param x device pointer to {@code batch * cols} floats
   * @param out device pointer to {@code batch * rows} floats
   */
  public void matvec(CudaContext cuda, long x, long out, int batch) {
    LaunchConfig c = LaunchConfig.matvec(rows, batch);
    if (scales == null) {
      cuda.launch(matvecKernel, c, data.pointer(), x, out, rows, cols);
    } else {
      cuda.launch(matvecKernel, c, data.pointer(), scales.pointer(), x, out, rows, cols);
    }
  }

  /** Launches {@code out (cols) = row token}, dequantized to float32 (asynchronous). */
  public void embed(CudaContext cuda, int token, long out) {
    Objects.checkIndex(token, rows);
    LaunchConfig c = LaunchConfig.elementwise(cols);
    if (scales == null) {
      cuda.launch(embedKernel, c, data.pointer(), out, token, cols);
    } else {
      cuda.launch(embedKernel, c, data.pointer(), scales.pointer(), out, token, cols);
    }
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
