package io.infer4j.gpu.internal.cuda;

import io.infer4j.runtime.testing.Quantize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.internal.kernels.ReferenceMatmul;
import io.infer4j.runtime.internal.kernels.ReferenceVectorOps;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import io.infer4j.runtime.internal.tensor.TensorViews;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Each CUDA kernel against the CPU oracle (model-runtime's reference kernels). Runs only where a
 * CUDA device exists; skipped with the reason elsewhere.
 *
 * <p>Tolerances: the embedding and argmax are exact. A dot product of n terms may differ from the
 * oracle's sequential float32 sum by {@code 2 n 2^-24} times the sum of the absolute products (the
 * classic bound of a float32 sum, for each of the two summation orders). Ops with a reduction of up
 * to ~1000 terms (RMSNorm, softmax, attention) and the element-wise ones are compared relative to
 * {@code max(1, |expected|)} within {@value #ELEMENT_TOLERANCE} (1000 * 2^-24 = 6e-5).
 */
class CudaKernelOracleTest extends OnCudaDevice {
  static final double ELEMENT_TOLERANCE = 1e-4;

  static TensorView tensor(GgmlType type, int rows, int cols, long seed) {
    float[] x = RandomVectors.values(rows * cols, seed);
    byte[] bytes = Quantize.encode(type, x);
    return TensorViews.of(type.name(), type, MemorySegment.ofArray(bytes), rows, cols);
  }

  static void assertDot(float expected, float actual, int n, double absSum, String what) {
    double tol = 2.0 * n * Math.scalb(1.0, -24) * absSum + 1e-7;
    assertTrue(Math.abs(expected - actual) <= tol,
        what + ": expected " + expected + ", got " + actual + " (tolerance " + tol + ")");
  }

  static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      double tol = ELEMENT_TOLERANCE * Math.max(1, Math.abs(expected[i]));
      assertTrue(Math.abs(expected[i] - actual[i]) <= tol,
          what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
    }
  }

  @Test
  void matvecOfEveryWeightTypeMatchesTheOracleForABatch() {
    int batch = 3;
    for (GgmlType type : GgmlType.values()) {
      // types without CUDA kernels (Q4_1, Q5_x, K-quants) run as their decoded F32 values
      int[] widths = switch (type.blockSize()) {
        case 1 -> new int[] {96, 172};
        case 32 -> new int[] {96, 2048};
        default -> new int[] {256, 2048};
      };
      for (int cols : widths) {
        int rows = 37; // not a multiple of the warps per block
        TensorView w = tensor(type, rows, cols, 11 + cols);
        float[][] x = new float[batch][];
        float[] flat = new float[batch * cols];
        for (int t = 0; t < batch; t++) {
          x[t] = RandomVectors.values(cols, 100 + t);
          System.arraycopy(x[t], 0, flat, t * cols, cols);
        }
        try (DeviceMatrix m = DeviceMatrix.upload(cuda, w, fileBytes(type, w));
            DeviceBuffer dx = cuda.upload(flat);
            DeviceBuffer out = cuda.allocate((long) batch * rows * Float.BYTES)) {
          m.matvec(cuda, dx.pointer(), out.pointer(), batch);
          float[] got = out.downloadFloats(batch * rows);
          float[] row = new float[cols];
          for (int t = 0; t < batch; t++) {
            float[] expected = new float[rows];
            new ReferenceMatmul().matmul(expected, w, x[t]);
            for (int r = 0; r < rows; r++) {
              w.readRow(r, row, 0);
              double abs = 0;
              for (int j = 0; j < cols; j++) {
                abs += Math.abs(row[j] * x[t][j]);
              }
              assertDot(expected[r], got[t * rows + r], cols, abs,
                  type + " " + rows + "x" + cols + " token " + t + " row " + r);
            }
          }
        }
      }
    }
  }

  /** The file bytes the views of {@link #tensor} were built from. */
  static MemorySegment fileBytes(GgmlType type, TensorView w) {
    float[] x = RandomVectors.values(w.rows() * w.cols(), 11 + w.cols());
    return MemorySegment.ofArray(Quantize.encode(type, x));
  }

  @Test
  void embeddingOfEveryTypeIsTheDequantizedRowExactly() {
    for (GgmlType type : GgmlType.values()) {
      int cols = 2048 + Math.max(64, type.blockSize());
      TensorView w = tensor(type, 10, cols, 11 + cols);
      try (DeviceMatrix m = DeviceMatrix.upload(cuda, w, fileBytes(type, w));
          DeviceBuffer out = cuda.allocate((long) w.cols() * Float.BYTES);
          // token id 7 as an int on the device (a float with the same bits)
          DeviceBuffer id = cuda.upload(new float[] {Float.intBitsToFloat(7)})) {
        m.embed(cuda, id.pointer(), out.pointer(), 1);
        float[] expected = new float[w.cols()];
        w.readRow(7, expected, 0);
        assertEquals(Arrays.toString(expected), Arrays.toString(out.downloadFloats(w.cols())),
            type.name());
      }
    }
  }

  @Test
  void rmsnormMatchesTheOracleForEachRow() {
    int size = 1000;
    int rows = 2;
    float[] x = RandomVectors.values(size * rows, 5);
    float[] w = RandomVectors.values(size, 6);
    try (DeviceBuffer dx = cuda.upload(x); DeviceBuffer dw = cuda.upload(w);
        DeviceBuffer out = cuda.allocate((long) size * rows * Float.BYTES)) {
      cuda.launch("rmsnorm", LaunchConfig.perRow(rows), dx.pointer(), dw.pointer(),
          out.pointer(), size, 1e-5f);
      float[] got = out.downloadFloats(size * rows);
      for (int r = 0; r < rows; r++) {
        float[] expected = new float[size];
        new ReferenceVectorOps().rmsnorm(expected, Arrays.copyOfRange(x, r * size, (r + 1) * size),
            w, size, 1e-5f);
        assertClose(expected, Arrays.copyOfRange(got, r * size, (r + 1) * size), "row " + r);
      }
    }
  }

  @Test
  void ropeRotatesEachTokenAtItsPosition() {
    int length = 256;
    int headSize = 64;
    int pos0 = 37;
    float[] v = RandomVectors.values(length * 2, 7);
    try (DeviceBuffer dv = cuda.upload(v)) {
      cuda.launch("rope", LaunchConfig.rope(length, 2), dv.pointer(), length, headSize, pos0,
          10000f);
      float[] got = dv.downloadFloats(length * 2);
      for (int t = 0; t < 2; t++) {
        float[] expected = Arrays.copyOfRange(v, t * length, (t + 1) * length);
        new ReferenceVectorOps().rope(expected, length, headSize, pos0 + t, 10000f);
        assertClose(expected, Arrays.copyOfRange(got, t * length, (t + 1) * length), "t " + t);
      }
    }
  }

  @Test
  void softmaxSwigluAndAddMatchTheOracle() {
    int n = 777;
    float[] a = RandomVectors.values(n, 8);
    float[] b = RandomVectors.values(n, 9);
    try (DeviceBuffer da = cuda.upload(a); DeviceBuffer db = cuda.upload(b);
        DeviceBuffer dc = cuda.upload(a)) {
      ReferenceVectorOps ops = new ReferenceVectorOps();
      cuda.launch("softmax_rows", LaunchConfig.perRow(1), da.pointer(), n, n);
      float[] soft = a.clone();
      ops.softmax(soft, 0, n);
      assertClose(soft, da.downloadFloats(n), "softmax");

      cuda.launch("swiglu", LaunchConfig.elementwise(n), dc.pointer(), db.pointer(), n);
      float[] glu = a.clone();
      ops.swiglu(glu, b, n);
      assertClose(glu, dc.downloadFloats(n), "swiglu");

      cuda.launch("add_inplace", LaunchConfig.elementwise(n), db.pointer(), db.pointer(), n);
      float[] twice = new float[n];
      for (int i = 0; i < n; i++) {
        twice[i] = b[i] + b[i];
      }
      assertClose(twice, db.downloadFloats(n), "add");
    }
  }

  @Test
  void argmaxReturnsTheFirstIndexOfTheMaximum() {
    float[] x = RandomVectors.values(32_000, 10);
    x[12_345] = 5f;
    x[23_456] = 5f;
    try (DeviceBuffer dx = cuda.upload(x); DeviceBuffer out = cuda.allocate(4)) {
      cuda.launch("argmax", LaunchConfig.argmax(), dx.pointer(), x.length, out.pointer());
      assertEquals(12_345, out.downloadInt());
      // the two-stage form, on a vocabulary of Llama 3's size with the maximum twice, far apart
      float[] big = RandomVectors.values(128_256, 11);
      big[99_999] = 7f;
      big[100_000 + 27_000] = 7f;
      big[5] = Float.NaN;
      LaunchConfig blocks = LaunchConfig.argmaxBlocks(big.length);
      try (DeviceBuffer db = cuda.upload(big);
          DeviceBuffer pv = cuda.allocate(4L * blocks.gridX());
          DeviceBuffer pi = cuda.allocate(4L * blocks.gridX())) {
        cuda.launch("argmax_blocks", blocks, db.pointer(), big.length, pv.pointer(), pi.pointer());
        cuda.launch("argmax_final", LaunchConfig.argmaxFinal(), pv.pointer(), pi.pointer(),
            blocks.gridX(), out.pointer());
        assertEquals(99_999, out.downloadInt());
      }
    }
  }

  @Test
  void attentionWithGroupedHeadsMatchesTheForwardPassLoop() {
    int heads = 8;
    int kvHeads = 2;
    int headSize = 64;
    int ctx = 40;
    int pos0 = 30;
    int batch = 3;
    int dim = heads * headSize;
    int kvDim = kvHeads * headSize;
    float[] q = RandomVectors.values(batch * dim, 12);
    float[] kc = RandomVectors.values(ctx * kvDim, 13);
    float[] vc = RandomVectors.values(ctx * kvDim, 14);
    try (DeviceBuffer dq = cuda.upload(q); DeviceBuffer dk = cuda.upload(kc);
        DeviceBuffer dv = cuda.upload(vc);
        DeviceBuffer att = cuda.allocate((long) batch * heads * ctx * Float.BYTES);
        DeviceBuffer out = cuda.allocate((long) batch * dim * Float.BYTES)) {
      cuda.launch("attention", LaunchConfig.attention(heads, batch, headSize), dq.pointer(),
          dk.pointer(), dv.pointer(), att.pointer(), out.pointer(), headSize, heads, kvHeads,
          0L, pos0, ctx);
      float[] got = out.downloadFloats(batch * dim);
      for (int t = 0; t < batch; t++) {
        float[] expected = cpuAttention(Arrays.copyOfRange(q, t * dim, (t + 1) * dim), kc, vc,
            heads, kvHeads, headSize, pos0 + t);
        assertClose(expected, Arrays.copyOfRange(got, t * dim, (t + 1) * dim), "token " + t);
      }
    }
  }

  /** LlamaForward's attention loop for one token at {@code pos}. */
  static float[] cpuAttention(float[] q, float[] kc, float[] vc, int heads, int kvHeads,
      int headSize, int pos) {
    int kvDim = kvHeads * headSize;
    int kvMul = heads / kvHeads;
    float[] out = new float[heads * headSize];
    float scale = (float) Math.sqrt(headSize);
    for (int h = 0; h < heads; h++) {
      float[] att = new float[pos + 1];
      int kvOff = (h / kvMul) * headSize;
      for (int t = 0; t <= pos; t++) {
        float s = 0;
        for (int i = 0; i < headSize; i++) {
          s += q[h * headSize + i] * kc[t * kvDim + kvOff + i];
        }
        att[t] = s / scale;
      }
      new ReferenceVectorOps().softmax(att, 0, pos + 1);
      for (int t = 0; t <= pos; t++) {
        for (int i = 0; i < headSize; i++) {
          out[h * headSize + i] += att[t] * vc[t * kvDim + kvOff + i];
        }
      }
    }
    return out;
  }
}
