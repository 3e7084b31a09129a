package io.infer4j.gpu.internal.cuda;

import io.infer4j.runtime.Samplers;
import io.infer4j.runtime.testing.Quantize;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import io.infer4j.runtime.internal.tensor.TensorViews;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Measurements for issue 5's "Measured on a real GPU" (run on a GPU host by {@code gpu-tests.sh
 * bench [MODEL.gguf]}; not a test): the achieved memory bandwidth of each matvec kernel on
 * TinyLlama-1.1B's matrix shapes, and, given a model file, greedy decode tokens/s. Prints one line
 * per figure. Wall-clock timing of many launches followed by one synchronize; bandwidth counts the
 * weight, input and output bytes each launch must move.
 */
public final class GpuBench {
  /** H100 SXM's HBM3 bandwidth, bytes/s (NVIDIA H100 datasheet), to state the fraction against. */
  static final double H100_PEAK = 3.35e12;
  static final int WARMUP = 20;
  static final int ITERATIONS = 200;

  private GpuBench() {}

  public static void main(String[] args) {
    try (CudaContext cuda = CudaContext.open(0)) {
      System.out.println("device: " + cuda.deviceName() + " (" + cuda.capability().key() + ")");
      int[][] shapes = {{5632, 2048}, {2048, 5632}, {32000, 2048}};
      for (GgmlType type : GgmlType.values()) {
        if (WeightLayout.deviceType(type) != type) {
          continue; // no kernel of its own: it runs as F32, measured as F32
        }
        for (int[] s : shapes) {
          matvec(cuda, type, s[0], s[1]);
        }
      }
    }
    if (args.length > 0) {
      decode(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 128);
    }
  }

  static void matvec(CudaContext cuda, GgmlType type, int rows, int cols) {
    float[] x = RandomVectors.values(rows * cols, 1);
    byte[] bytes = Quantize.encode(type, x);
    MemorySegment file = MemorySegment.ofArray(bytes);
    TensorView view = TensorViews.of("bench", type, file, rows, cols);
    try (DeviceMatrix m = DeviceMatrix.upload(cuda, view, file);
        DeviceBuffer in = cuda.upload(RandomVectors.values(cols, 2));
        DeviceBuffer out = cuda.allocate((long) rows * Float.BYTES)) {
      for (int i = 0; i < WARMUP; i++) {
        m.matvec(cuda, in.pointer(), out.pointer(), 1);
      }
      cuda.synchronize();
      long t0 = System.nanoTime();
      for (int i = 0; i < ITERATIONS; i++) {
        m.matvec(cuda, in.pointer(), out.pointer(), 1);
      }
      cuda.synchronize();
      double seconds = (System.nanoTime() - t0) / 1e9 / ITERATIONS;
      long moved = m.byteSize() + (long) cols * Float.BYTES + (long) rows * Float.BYTES;
      double bw = moved / seconds;
      System.out.printf(Locale.ROOT,
          "matvec_%s %dx%d: %.1f us, %.0f GB/s, %.1f%% of H100 SXM's 3.35 TB/s%n",
          DeviceMatrix.suffix(type), rows, cols, seconds * 1e6, bw / 1e9, 100 * bw / H100_PEAK);
    }
  }

  static void decode(Path model, int tokens) {
    try (CudaEngine engine = CudaEngine.open(0, model, 0);
        CudaSequence seq = engine.newSequence()) {
      int next = Samplers.greedy().sample(seq.prefill(new int[] {1}));
      int warm = Math.min(16, seq.contextLength() / 4);
      for (int i = 0; i < warm; i++) {
        next = seq.forwardGreedy(next);
      }
      int n = Math.min(tokens, seq.contextLength() - seq.position() - 1);
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        next = seq.forwardGreedy(next);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT,
          "decode %s on %s: %d tokens, %.3f ms/token, %.1f tokens/s (weights %d bytes)%n",
          model.getFileName(), engine.deviceName(), n, 1e3 * seconds / n, n / seconds,
          engine.weights().byteSize());
    }
  }
}
