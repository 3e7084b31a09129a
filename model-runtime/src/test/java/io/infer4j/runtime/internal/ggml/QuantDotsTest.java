package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import io.infer4j.runtime.internal.tensor.TensorViews;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The unpacking of quantized weight rows into the codes ggml's kernels multiply, and the block
 * types' dot products: against the tensor views' dequantization (exact) and a plain double
 * reference (within the activations' quantization error), plus hand cases for their orders.
 */
class QuantDotsTest {
  private static final float BIG = 0x1p24f; // adding 1 to it rounds back (tie to even)

  /** A random row-major matrix of {@code type} with valid fp16 scales. */
  static SegmentTensor randomMatrix(GgmlType type, int rows, int cols, long seed) {
    Random r = new Random(seed);
    int blocks = rows * cols / type.blockSize();
    byte[] bytes = new byte[blocks * type.blockBytes()];
    r.nextBytes(bytes);
    for (int b = 0; b < blocks; b++) {
      int at = b * type.blockBytes();
      for (int field : scaleFields(type)) {
        short h = Float.floatToFloat16(0.001f + 0.05f * r.nextFloat());
        bytes[at + field] = (byte) h;
        bytes[at + field + 1] = (byte) (h >> 8);
      }
    }
    return (SegmentTensor) TensorViews.of("w", type, MemorySegment.ofArray(bytes), rows, cols);
  }

  /**
   * The bytes of a {@code rows x cols} K-quant matrix whose every code, scale and min has all its
   * bits set, with {@code d} (and {@code dmin}) 0.5: the integer sums at their fullest.
   */
  static byte[] allBitsSet(GgmlType type, int rows, int cols) {
    int blockBytes = type.blockBytes();
    byte[] bytes = new byte[rows * cols / type.blockSize() * blockBytes];
    java.util.Arrays.fill(bytes, (byte) 0xFF);
    short half = Float.floatToFloat16(0.5f);
    for (int at = 0; at < bytes.length; at += blockBytes) {
      for (int field : scaleFields(type)) {
        bytes[at + field] = (byte) half;
        bytes[at + field + 1] = (byte) (half >> 8);
      }
    }
    return bytes;
  }
  /**
   * Turns {@link #allBitsSet} Q6_K bytes into every code {@code q6 = 0} (so -32, the largest
   * magnitude) with each block's first scale 1 and the rest still -1.
   */
  static void q6KCodesAtMinus32(byte[] bytes) {
    int blockBytes = GgmlType.Q6_K.blockBytes();
    for (int at = 0; at < bytes.length; at += blockBytes) {
      java.util.Arrays.fill(bytes, at, at + 192, (byte) 0);
      bytes[at + 192] = 1;
    }
  }


  private static int[] scaleFields(GgmlType type) {
    return switch (type) {
      case Q4_1, Q5_1, Q4_K, Q5_K -> new int[] {0, 2};
      case Q6_K -> new int[] {208};
      default -> new int[] {0};
    };
  }

  private static boolean kQuant(GgmlType type) {
    return type.blockSize() == 256;
  }

  /** The element the unpacked codes stand for, in the tensor views' own float order. */
  private static float dequant(GgmlType type, QuantRow row, int e) {
    int b = e / type.blockSize();
    return switch (type) {
      case Q4_1, Q5_1 -> row.d[b] * row.q[e] + row.m[b];
      case Q4_K, Q5_K -> row.d[b] * row.scale[e / 16] * row.q[e] - row.m[b] * row.min[e / 32];
      case Q6_K -> row.d[b] * row.scale[e / 16] * row.q[e];
      default -> row.q[e] * row.d[b];
    };
  }

  @ParameterizedTest
  @EnumSource(names = {"Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K"})
  void unpackedCodesDecodeToTheTensorViewsValues(GgmlType type) {
    int cols = 512;
    SegmentTensor w = randomMatrix(type, 3, cols, 11);
    QuantRow row = new QuantRow(type, cols);
    float[] expected = new float[cols];
    for (int r = 0; r < 3; r++) {
      row.read(w, r);
      w.readRow(r, expected, 0);
      for (int e = 0; e < cols; e++) {
        assertEquals(expected[e], dequant(type, row, e), "row " + r + " element " + e);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K"})
  void mulMatIsTheFloatProductWithinTheActivationQuantization(GgmlType type) {
    int rows = 16;
    int cols = 512;
    SegmentTensor w = randomMatrix(type, rows, cols, 5);
    Random r = new Random(9);
    int n = 3;
    float[][] x = new float[n][cols];
    for (float[] xt : x) {
      for (int i = 0; i < cols; i++) {
        xt[i] = (float) r.nextGaussian();
      }
    }
    float[][] out = new float[n][rows];
    MulMat.mul(out, w, x, n);
    float[] row = new float[cols];
    for (int i = 0; i < rows; i++) {
      w.readRow(i, row, 0);
      for (int t = 0; t < n; t++) {
        double exact = 0;
        double scale = 0;
        for (int e = 0; e < cols; e++) {
          exact += (double) row[e] * x[t][e];
          scale += Math.abs((double) row[e] * x[t][e]);
        }
        // int8 activations: each off by at most half a step of amax / 127 (1 / 254 of the block's
        // largest), so a few tenths of a percent of the sum of magnitudes covers them
        assertEquals(exact, out[t][i], 0.01 * scale, type + " row " + i + " token " + t);
      }
    }
  }

  @Test
  void q8_1OffsetSumUsesTheUnroundedScale() {
    float amax = 1.015625f; // found by search: fp16(d * 19) != fp16(fp16(d) * 19)
    float[] x = new float[32];
    x[0] = amax; // 127
    x[1] = -amax; // -127
    x[2] = 19f * amax / 127f; // 19
    byte[] qs = new byte[32];
    float[] d = new float[1];
    float[] s = new float[1];
    Q8_1Quantizer.quantize(x, 32, qs, d, s);
    assertEquals(19, qs[2]);
    assertEquals(Fp16.round(amax / 127f), d[0]);
    assertEquals(Fp16.round(amax / 127f * 19f), s[0]);
    assertNotEquals(Fp16.round(d[0] * 19f), s[0]); // the fp16 scale times the sum differs
  }

  @Test
  void q8KScalesByTheFirstLargestValueWithItsSignAndRoundsHalfToEven() {
    float[] x = new float[256];
    x[0] = -127f; // first of largest magnitude: max = -127, iscale = -127 / max = 1, d = 1
    x[1] = 127f; // the max itself always maps to -127, so the opposite sign here to 127
    x[2] = -2.5f; // -2.5 -> -2 (half to even)
    x[3] = -3.5f; // -3.5 -> -4
    x[16] = 0.5f; // 0.5 -> 0, in the second bsum
    x[17] = 1.5f; // 1.5 -> 2
    byte[] qs = new byte[256];
    float[] d = new float[1];
    int[] bsums = new int[16];
    Q8KQuantizer.quantize(x, 256, qs, d, bsums);
    assertEquals(1f, d[0]);
    assertEquals(-127, qs[0]);
    assertEquals(127, qs[1]);
    assertEquals(-2, qs[2]);
    assertEquals(-4, qs[3]);
    assertEquals(0, qs[16]);
    assertEquals(2, qs[17]);
    assertEquals(-6, bsums[0]);
    assertEquals(2, bsums[1]);
  }

  @Test
  void q8KScaleIsAFloatNotAnFp16() {
    float[] x = new float[256];
    x[0] = 2f; // iscale = -63.5, d = 1 / -63.5
    byte[] qs = new byte[256];
    float[] d = new float[1];
    Q8KQuantizer.quantize(x, 256, qs, d, new int[16]);
    assertEquals(1f / -63.5f, d[0]);
    assertNotEquals(Fp16.round(d[0]), d[0]);
    assertEquals(-127, qs[0]);
  }

  @Test
  void repackedQ4_0KeepsOneAccumulatorPerOutput() {
    QuantRow x = new QuantRow(GgmlType.Q4_0, 96);
    byte[] qy = new byte[96];
    float[] dy = {256f, 1f, 1f};
    x.d[0] = 256f; // block 0: dot 4 * 64 = 256, times 65536: BIG
    x.q[0] = 4;
    qy[0] = 64;
    x.d[1] = 1f; // blocks 1 and 2: dot 1 each, in lane 1 of the 8-lane kernels
    x.d[2] = 1f;
    x.q[32 + 4] = 1;
    qy[32 + 4] = 1;
    x.q[64 + 4] = 1;
    qy[64 + 4] = 1;
    assertEquals(BIG, LegacyDots.q4_0x8(x, qy, dy, 96)); // BIG + 1 rounds back, twice
    assertEquals(BIG + 2, Dots.q8(x.q, x.d, qy, dy, 96)); // lane 1 holds 2 before the hsum
  }

  @Test
  void q8_1OffsetsAreAddedAfterTheLaneSum() {
    QuantRow x = new QuantRow(GgmlType.Q4_1, 96);
    byte[] qy = new byte[96];
    float[] dy = {256f, 1f, 1f};
    float[] sy = {0f, 1f, 1f};
    x.d[0] = 256f;
    x.q[0] = 4;
    qy[0] = 64; // BIG in lane 0
    x.m[1] = 1f; // offsets 1 * 1 twice: summs = 2
    x.m[2] = 1f;
    assertEquals(BIG + 2, LegacyDots.q8_1(x, qy, dy, sy, 96));
  }

  @Test
  void kQuantMinsAreAccumulatedApartAndAddedLast() {
    QuantRow x = new QuantRow(GgmlType.Q4_K, 768);
    byte[] qy = new byte[768];
    float[] dy = {BIG, 1f, 1f}; // Q8_K's scale is a float: 2^24 is allowed
    int[] bsums = new int[48];
    x.d[0] = 1f; // super-block 0: one product 1 * 1 * 1 scaled by BIG in lane 0
    x.scale[0] = 1;
    x.q[0] = 1;
    qy[0] = 1;
    for (int i = 1; i <= 2; i++) { // super-blocks 1 and 2: only a min, -(-1) * 1 * -1 ... = +1
      x.m[i] = 1f; // dmin = -1 * 1
      x.min[8 * i] = 1;
      bsums[16 * i] = -1;
    }
    // folded into the lanes super-block by super-block, each +1 would round back to BIG
    assertEquals(BIG + 2, KDots.q4K(x, qy, dy, bsums, 768));
    assertEquals(BIG + 2, KDots.q5K(x, qy, dy, bsums, 768));
    assertEquals(BIG, KDots.q6K(x, qy, dy, 768));
  }
}
