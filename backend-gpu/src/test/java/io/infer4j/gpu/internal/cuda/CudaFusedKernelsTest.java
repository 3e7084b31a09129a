package io.infer4j.gpu.internal.cuda;

import static io.infer4j.gpu.internal.cuda.CudaKernelOracleTest.assertClose;
import static io.infer4j.gpu.internal.cuda.CudaKernelOracleTest.assertDot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer4j.runtime.internal.kernels.ReferenceMatmul;
import io.infer4j.runtime.internal.kernels.ReferenceVectorOps;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import io.infer4j.runtime.internal.tensor.TensorViews;
import io.infer4j.runtime.testing.Quantize;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decode step's fused kernels (residual, SwiGLU and QKV matvecs, RoPE with the cache write,
 * attention reading its position from device memory), the tensor-core prompt path's conversions,
 * and its cuBLAS products, each against the CPU oracle or the plain kernel it replaces. Runs only
 * where a CUDA device exists.
 *
 * <p>Tolerances: fused matvecs as {@link CudaKernelOracleTest#assertDot} (the same float32 sums).
 * cuBLAS products round both operands to half (11 significant bits), bfloat16 (8) or TF32 (11)
 * and accumulate in float32, so they may differ from the float32 oracle by up to about {@code 2 *
 * 2^-p} times the sum of absolute products, p the operand's precision: checked within {@code 2^-6}
 * (bfloat16) or {@code 2^-9} (the others) times that sum.
 */
class CudaFusedKernelsTest extends OnCudaDevice {
  static final List<GgmlType> TYPES =
      List.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0);

  /** The encoded bytes each view of {@link #tensor} reads. */
  static final java.util.Map<TensorView, MemorySegment> BYTES =
      java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

  /** A random matrix of {@code type} as a view over its encoded bytes. */
  static TensorView tensor(GgmlType type, int rows, int cols, long seed) {
    MemorySegment bytes = MemorySegment.ofArray(
        Quantize.encode(type, RandomVectors.values(rows * cols, seed)));
    TensorView view = TensorViews.of(type.name(), type, bytes, rows, cols);
    BYTES.put(view, bytes);
    return view;
  }

  /** Uploads {@code w} from the very bytes its view reads. */
  static DeviceMatrix upload(TensorView w) {
    return DeviceMatrix.upload(cuda, w, BYTES.get(w));
  }

  /** Expected product rows of w against x, and each row's sum of absolute products. */
  static double[][] oracle(TensorView w, float[] x) {
    float[] out = new float[w.rows()];
    new ReferenceMatmul().matmul(out, w, x);
    double[] abs = new double[w.rows()];
    float[] row = new float[w.cols()];
    for (int r = 0; r < w.rows(); r++) {
      w.readRow(r, row, 0);
      for (int j = 0; j < w.cols(); j++) {
        abs[r] += Math.abs(row[j] * x[j]);
      }
    }
    double[] e = new double[w.rows()];
    for (int r = 0; r < w.rows(); r++) {
      e[r] = out[r];
    }
    return new double[][] {e, abs};
  }

  static int width(GgmlType type) {
    return type.blockSize() == 1 ? 172 : 2048; // 172: the scalar tail of F32/F16/BF16
  }

  @Test
  void residualMatvecAddsTheProductToTheOutput() {
    for (GgmlType type : TYPES) {
      int rows = 37;
      int cols = width(type);
      TensorView w = tensor(type, rows, cols, 21 + cols);
      float[] x = RandomVectors.values(cols, 22);
      float[] base = RandomVectors.values(rows, 23);
      try (DeviceMatrix m = upload(w);
          DeviceBuffer dx = cuda.upload(x); DeviceBuffer out = cuda.upload(base)) {
        m.matvecAdd(cuda, dx.pointer(), out.pointer(), 1);
        float[] got = out.downloadFloats(rows);
        double[][] e = oracle(w, x);
        for (int r = 0; r < rows; r++) {
          assertDot((float) (base[r] + e[0][r]), got[r], cols, e[1][r] + Math.abs(base[r]),
              type + " row " + r);
        }
      }
    }
  }

  @Test
  void swigluMatvecCombinesTheGateAndUpProducts() {
    for (GgmlType type : TYPES) {
      int rows = 29;
      int cols = width(type);
      TensorView g = tensor(type, rows, cols, 31 + cols);
      TensorView u = tensor(type, rows, cols, 32 + cols);
      int batch = 2;
      float[] flat = RandomVectors.values(batch * cols, 33);
      try (DeviceMatrix mg = upload(g);
          DeviceMatrix mu = upload(u);
          DeviceBuffer dx = cuda.upload(flat);
          DeviceBuffer out = cuda.allocate((long) batch * rows * Float.BYTES)) {
        DeviceMatrix.swiglu(cuda, mg, mu, dx.pointer(), out.pointer(), batch);
        float[] got = out.downloadFloats(batch * rows);
        for (int t = 0; t < batch; t++) {
          float[] x = Arrays.copyOfRange(flat, t * cols, (t + 1) * cols);
          float[] gate = new float[rows];
          float[] up = new float[rows];
          new ReferenceMatmul().matmul(gate, g, x);
          new ReferenceMatmul().matmul(up, u, x);
          new ReferenceVectorOps().swiglu(gate, up, rows);
          assertClose(gate, Arrays.copyOfRange(got, t * rows, (t + 1) * rows),
              type + " token " + t);
        }
      }
    }
  }

  @Test
  void qkvMatvecWritesTheThreeProjections() {
    for (GgmlType type : TYPES) {
      int cols = width(type);
      int rq = 33; // odd: a warp's pair spans the q and k matrices
      int rkv = 9;
      TensorView wq = tensor(type, rq, cols, 41 + cols);
      TensorView wk = tensor(type, rkv, cols, 42 + cols);
      TensorView wv = tensor(type, rkv, cols, 43 + cols);
      int batch = 2;
      float[] flat = RandomVectors.values(batch * cols, 44);
      try (DeviceMatrix mq = upload(wq);
          DeviceMatrix mk = upload(wk);
          DeviceMatrix mv = upload(wv);
          DeviceBuffer dx = cuda.upload(flat);
          DeviceBuffer q = cuda.allocate((long) batch * rq * Float.BYTES);
          DeviceBuffer k = cuda.allocate((long) batch * rkv * Float.BYTES);
          DeviceBuffer v = cuda.allocate((long) batch * rkv * Float.BYTES)) {
        DeviceMatrix.qkv(cuda, mq, mk, mv, dx.pointer(), q.pointer(), k.pointer(), v.pointer(),
            batch);
        float[][] got = {q.downloadFloats(batch * rq), k.downloadFloats(batch * rkv),
            v.downloadFloats(batch * rkv)};
        TensorView[] ws = {wq, wk, wv};
        for (int t = 0; t < batch; t++) {
          float[] x = Arrays.copyOfRange(flat, t * cols, (t + 1) * cols);
          for (int j = 0; j < 3; j++) {
            int rows = ws[j].rows();
            double[][] e = oracle(ws[j], x);
            for (int r = 0; r < rows; r++) {
              assertDot((float) e[0][r], got[j][t * rows + r], cols, e[1][r],
                  type + " matrix " + j + " token " + t + " row " + r);
            }
          }
        }
      }
    }
  }

  @Test
  void ropeKvRotatesQueriesAndKeysAndFillsTheCacheAtTheDevicePosition() {
    int dim = 256;
    int kvDim = 128;
    int headSize = 64;
    int ctx = 50;
    int batch = 2;
    float[] q = RandomVectors.values(batch * dim, 51);
    float[] k = RandomVectors.values(batch * kvDim, 52);
    float[] v = RandomVectors.values(batch * kvDim, 53);
    for (boolean onDevice : new boolean[] {true, false}) {
      int pos = 41;
      try (DeviceBuffer dq = cuda.upload(q); DeviceBuffer dk = cuda.upload(k);
          DeviceBuffer dv = cuda.upload(v);
          DeviceBuffer kc = cuda.upload(new float[ctx * kvDim]);
          DeviceBuffer vc = cuda.upload(new float[ctx * kvDim]);
          DeviceBuffer p = cuda.allocate(Integer.BYTES); Arena a = Arena.ofConfined();
          DeviceBuffer freq = cuda.upload(CudaForward.ropeFrequencies(
              new io.infer4j.runtime.ModelConfig(dim, 64, 1, dim / headSize, kvDim / headSize, 16,
                  ctx, 10000f, 1e-5f)))) {
        cuda.uploadAsync(p.pointer(), a.allocateFrom(ValueLayout.JAVA_INT, pos));
        cuda.launch("rope_kv", LaunchConfig.ropeKv(dim, kvDim, batch), dq.pointer(), dk.pointer(),
            dv.pointer(), kc.pointer(), vc.pointer(), onDevice ? p.pointer() : 0L,
            onDevice ? 0 : pos, dim, kvDim, headSize, freq.pointer());
        float[] gotQ = dq.downloadFloats(batch * dim);
        float[] gotK = kc.downloadFloats(ctx * kvDim);
        float[] gotV = vc.downloadFloats(ctx * kvDim);
        ReferenceVectorOps ops = new ReferenceVectorOps();
        for (int t = 0; t < batch; t++) {
          float[] eq = Arrays.copyOfRange(q, t * dim, (t + 1) * dim);
          ops.rope(eq, dim, headSize, pos + t, 10000f);
          assertClose(eq, Arrays.copyOfRange(gotQ, t * dim, (t + 1) * dim), "q " + t);
          float[] ek = Arrays.copyOfRange(k, t * kvDim, (t + 1) * kvDim);
          ops.rope(ek, kvDim, headSize, pos + t, 10000f);
          int row = (pos + t) * kvDim;
          assertClose(ek, Arrays.copyOfRange(gotK, row, row + kvDim), "cached k " + t);
          assertEquals(Arrays.toString(Arrays.copyOfRange(v, t * kvDim, (t + 1) * kvDim)),
              Arrays.toString(Arrays.copyOfRange(gotV, row, row + kvDim)), "cached v " + t);
        }
        assertEquals(0f, gotK[(pos - 1) * kvDim], "rows before the position stay untouched");
      }
    }
  }

  @Test
  void attentionReadsItsPositionFromDeviceMemoryAsFromTheArgument() {
    int heads = 4;
    int kvHeads = 2;
    int headSize = 32;
    int ctx = 20;
    int pos = 13;
    int dim = heads * headSize;
    int kvDim = kvHeads * headSize;
    float[] q = RandomVectors.values(dim, 61);
    float[] kc = RandomVectors.values(ctx * kvDim, 62);
    float[] vc = RandomVectors.values(ctx * kvDim, 63);
    try (DeviceBuffer dq = cuda.upload(q); DeviceBuffer dk = cuda.upload(kc);
        DeviceBuffer dv = cuda.upload(vc);
        DeviceBuffer att = cuda.allocate((long) heads * ctx * Float.BYTES);
        DeviceBuffer a1 = cuda.allocate((long) dim * Float.BYTES);
        DeviceBuffer a2 = cuda.allocate((long) dim * Float.BYTES);
        DeviceBuffer p = cuda.allocate(Integer.BYTES); Arena a = Arena.ofConfined()) {
      cuda.uploadAsync(p.pointer(), a.allocateFrom(ValueLayout.JAVA_INT, pos));
      LaunchConfig lc = LaunchConfig.attention(heads, 1, headSize);
      cuda.launch("attention", lc, dq.pointer(), dk.pointer(), dv.pointer(), att.pointer(),
          a1.pointer(), headSize, heads, kvHeads, p.pointer(), 0, ctx);
      cuda.launch("attention", lc, dq.pointer(), dk.pointer(), dv.pointer(), att.pointer(),
          a2.pointer(), headSize, heads, kvHeads, 0L, pos, ctx);
      float[] fromDevice = a1.downloadFloats(dim);
      assertEquals(Arrays.toString(a2.downloadFloats(dim)), Arrays.toString(fromDevice));
      assertClose(CudaKernelOracleTest.cpuAttention(q, kc, vc, heads, kvHeads, headSize, pos),
          fromDevice, "attention");
    }
  }

  @Test
  void tiledPromptAttentionMatchesTheForwardPassLoop() {
    for (int headSize : new int[] {8, 64, 128}) {
      int heads = 8;
      int kvHeads = 2;
      int ctx = 80;
      int pos0 = 30;
      int n = 37; // three query tiles of 16, keys up to position 66: three key tiles of 32
      int dim = heads * headSize;
      int kvDim = kvHeads * headSize;
      float[] q = RandomVectors.values(n * dim, 64 + headSize);
      float[] kc = RandomVectors.values(ctx * kvDim, 65 + headSize);
      float[] vc = RandomVectors.values(ctx * kvDim, 66 + headSize);
      try (DeviceBuffer dq = cuda.upload(q); DeviceBuffer dk = cuda.upload(kc);
          DeviceBuffer dv = cuda.upload(vc);
          DeviceBuffer out = cuda.allocate((long) n * dim * Float.BYTES)) {
        cuda.launch("attention_prefill", LaunchConfig.attentionPrefill(heads, n, headSize),
            dq.pointer(), dk.pointer(), dv.pointer(), out.pointer(), headSize, heads, kvHeads,
            pos0, n);
        float[] got = out.downloadFloats(n * dim);
        for (int t = 0; t < n; t++) {
          float[] expected = CudaKernelOracleTest.cpuAttention(
              Arrays.copyOfRange(q, t * dim, (t + 1) * dim), kc, vc, heads, kvHeads, headSize,
              pos0 + t);
          assertClose(expected, Arrays.copyOfRange(got, t * dim, (t + 1) * dim),
              "head size " + headSize + " token " + t);
        }
      }
    }
  }

  @Test
  void splitDecodeAttentionMergesToTheForwardPassLoop() {
    int heads = 8;
    int kvHeads = 2;
    int headSize = 64;
    int ctx = 300;
    int dim = heads * headSize;
    int kvDim = kvHeads * headSize;
    float[] q = RandomVectors.values(dim, 67);
    float[] kc = RandomVectors.values(ctx * kvDim, 68);
    float[] vc = RandomVectors.values(ctx * kvDim, 69);
    int chunk = 32;
    int splits = 10; // covers 320 positions
    for (int pos : new int[] {0, 31, 32, 200, 299}) {
      try (DeviceBuffer dq = cuda.upload(q); DeviceBuffer dk = cuda.upload(kc);
          DeviceBuffer dv = cuda.upload(vc);
          DeviceBuffer part = cuda.allocate((long) heads * splits * (headSize + 2) * 4);
          DeviceBuffer out = cuda.allocate((long) dim * Float.BYTES);
          DeviceBuffer p = cuda.allocate(Integer.BYTES); Arena a = Arena.ofConfined()) {
        cuda.uploadAsync(p.pointer(), a.allocateFrom(ValueLayout.JAVA_INT, pos));
        cuda.launch("attention_split", LaunchConfig.attentionSplit(heads, splits), dq.pointer(),
            dk.pointer(), dv.pointer(), part.pointer(), headSize, heads, kvHeads, p.pointer(), 0,
            chunk);
        cuda.launch("attention_combine", LaunchConfig.attentionCombine(heads), part.pointer(),
            out.pointer(), headSize, heads, splits);
        assertClose(CudaKernelOracleTest.cpuAttention(q, kc, vc, heads, kvHeads, headSize, pos),
            out.downloadFloats(dim), "position " + pos);
      }
    }
  }

  @Test
  void halfAndBfloat16ConversionsRoundToNearestEven() {
    float[] x = RandomVectors.values(1000, 71);
    x[0] = 65520f; // rounds to infinity in half
    x[1] = Float.NaN;
    x[2] = 1.00390625f; // 1 + 2^-8: a bfloat16 tie, rounds to even (1.0)
    try (DeviceBuffer dx = cuda.upload(x);
        DeviceBuffer h = cuda.allocate(2L * x.length);
        DeviceBuffer b = cuda.allocate(2L * x.length)) {
      cuda.launch("to_f16", LaunchConfig.elementwise(x.length), dx.pointer(), h.pointer(),
          x.length);
      cuda.launch("to_bf16", LaunchConfig.elementwise(x.length), dx.pointer(), b.pointer(),
          x.length);
      short[] gotH = shorts(h, x.length);
      short[] gotB = shorts(b, x.length);
      for (int i = 0; i < x.length; i++) {
        if (Float.isNaN(x[i])) {
          assertTrue(Float.isNaN(Float.float16ToFloat(gotH[i])), "half NaN");
          assertTrue(Float.isNaN(Float.intBitsToFloat(gotB[i] << 16)), "bf16 NaN");
          continue;
        }
        assertEquals(Float.floatToFloat16(x[i]), gotH[i], "half of " + x[i]);
        assertEquals(bf16(x[i]), gotB[i], "bfloat16 of " + x[i]);
      }
    }
  }

  static short bf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    bits += 0x7fff + ((bits >>> 16) & 1);
    return (short) (bits >>> 16);
  }

  static short[] shorts(DeviceBuffer b, int n) {
    float[] raw = b.downloadFloats((n + 1) / 2);
    short[] out = new short[n];
    for (int i = 0; i < n; i++) {
      int w = Float.floatToRawIntBits(raw[i / 2]);
      out[i] = (short) ((i & 1) == 0 ? w : w >>> 16);
    }
    return out;
  }

  @Test
  void dequantizationToHalfIsTheRoundedElement() {
    for (GgmlType type : List.of(GgmlType.Q8_0, GgmlType.Q4_0)) {
      int rows = 5;
      int cols = 256;
      TensorView w = tensor(type, rows, cols, 81);
      try (DeviceMatrix m = upload(w);
          DeviceBuffer h = cuda.allocate(2L * rows * cols)) {
        m.dequantizeToHalf(cuda, h.pointer());
        short[] got = shorts(h, rows * cols);
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
          w.readRow(r, row, 0);
          for (int j = 0; j < cols; j++) {
            assertEquals(Float.floatToFloat16(row[j]), got[r * cols + j],
                type + " element " + r + "," + j);
          }
        }
      }
    }
  }

  @Test
  void tensorCoreProductsMatchTheOracleWithinTheOperandRounding() {
    assumeTrue(cuda.cublas().isPresent(), () -> "no cuBLAS, tensor-core test skipped: "
        + cuda.cublasMissing());
    int n = 19;
    for (GgmlType type : TYPES) {
      int rows = 70;
      int cols = type.blockSize() == 1 ? 200 : 512;
      TensorView w = tensor(type, rows, cols, 91 + cols);
      float[] flat = RandomVectors.values(n * cols, 92);
      float[] base = RandomVectors.values(n * rows, 93);
      for (boolean accumulate : new boolean[] {false, true}) {
        try (DeviceMatrix m = upload(w);
            PromptGemm gemm = new PromptGemm(cuda, (long) rows * cols, (long) n * cols);
            DeviceBuffer dx = cuda.upload(flat); DeviceBuffer out = cuda.upload(base)) {
          gemm.product(m, dx.pointer(), out.pointer(), n, accumulate);
          float[] got = out.downloadFloats(n * rows);
          double rel = type == GgmlType.BF16 ? Math.scalb(1.0, -6) : Math.scalb(1.0, -9);
          for (int t = 0; t < n; t++) {
            float[] x = Arrays.copyOfRange(flat, t * cols, (t + 1) * cols);
            double[][] e = oracle(w, x);
            for (int r = 0; r < rows; r++) {
              double expected = e[0][r] + (accumulate ? base[t * rows + r] : 0);
              double tol = rel * e[1][r] + 1e-6;
              assertTrue(Math.abs(expected - got[t * rows + r]) <= tol, type + " token " + t
                  + " row " + r + ": expected " + expected + ", got " + got[t * rows + r]
                  + " (tolerance " + tol + ")");
            }
          }
        }
      }
    }
  }
}
