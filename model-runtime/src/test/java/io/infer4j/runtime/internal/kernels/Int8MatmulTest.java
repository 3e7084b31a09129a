package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Q8_0 weights times activations quantized to Q8_0 (llama.cpp's {@code vec_dot_q8_0_q8_0}): the
 * quantization rounds as ggml's x86 {@code quantize_row_q8_0}; the Vector API path ({@link
 * VectorMatmul#int8()}) equals the plain int8 reference ({@link ReferenceInt8Matmul}) but for the
 * order of its float additions; both approximate the float product to the activations' rounding.
 */
class Int8MatmulTest {
  private final Matmul fast = VectorMatmul.int8();
  private final Matmul reference = new ReferenceInt8Matmul();
  private final Matmul floats = new ReferenceMatmul();

  private static float[] gaussians(Random r, int n) {
    float[] x = new float[n];
    for (int j = 0; j < n; j++) {
      x[j] = (float) r.nextGaussian();
    }
    return x;
  }

  @Test
  void activationsRoundToNearestTiesToEvenWithAnFp16Scale() {
    float[] x = new float[64];
    x[0] = 127f; // amax 127: scale 1, x * 127 / amax = x
    x[1] = 2.5f;
    x[2] = 3.5f;
    x[3] = -2.5f;
    x[4] = 0.49f;
    x[5] = -126.6f;
    // second block: amax 1, scale 1/127 (not an fp16 value: stored rounded), values * 127
    x[32] = -1f;
    x[33] = 0.5f;

    Q8Activations q = Q8Activations.quantize(x, 64);

    assertArrayEquals(new byte[] {127, 2, 4, -2, 0, -127}, Arrays.copyOf(q.quants(), 6));
    assertEquals(1f, q.scales()[0]);
    assertEquals(-127, q.quants()[32]);
    assertEquals(64, q.quants()[33]); // 63.5 -> 64 (even)
    assertEquals(Float.float16ToFloat(Float.floatToFloat16(1f / 127f)), q.scales()[1]);
    assertTrue(q.scales()[1] != 1f / 127f, "the scale is the fp16 value");
  }

  @Test
  void aBlockOfZerosHasScaleZeroAndZeroQuants() {
    Q8Activations q = Q8Activations.quantize(new float[32], 32);
    assertEquals(0f, q.scales()[0]);
    assertArrayEquals(new byte[32], q.quants());
  }

  /**
   * How far the fast path and the plain reference may part on a row of {@code blocks} blocks
   * whose terms {@code dw * dx * wq * xq} (each exact in float to one rounding) have absolute
   * values summing to {@code magnitude}: both sum {@code blocks} rounded terms (the fast path in
   * lanes, then a tree of at most 4 levels), each within {@code (blocks + 4)} units of 2^-24 of the
   * exact sum, relative to the magnitude.
   */
  private static double roundingBound(int blocks, double magnitude) {
    return 2 * (blocks + 4) * Math.ulp(1f) / 2 * magnitude * 1.01;
  }

  @Test
  void theVectorPathEqualsThePlainReferenceButForTheOrderOfFloatAdditions() {
    Random r = new Random(8);
    int[][] shapes = {{1, 32}, {3, 96}, {7, 64}, {600, 288}, {100, 1024}, {40, 2048}};
    try (Arena arena = Arena.ofShared()) {
      for (int[] shape : shapes) {
        int d = shape[0];
        int n = shape[1];
        TensorView w = RandomMatrices.of(arena, r, GgmlType.Q8_0, d, n);
        float[] x = gaussians(r, n);
        float[] expected = new float[d];
        float[] actual = new float[d];
        reference.matmul(expected, w, x);
        fast.matmul(actual, w, x);
        Q8Activations q = Q8Activations.quantize(x, n);
        float[] row = new float[n];
        int blocks = n / 32;
        for (int i = 0; i < d; i++) {
          w.readRow(i, row, 0);
          // the terms dw * dx * wq * xq, each exact in float to one rounding
          double magnitude = 0;
          for (int j = 0; j < n; j++) {
            magnitude += Math.abs(row[j] * q.scales()[j / 32] * q.quants()[j]);
          }
          assertEquals(expected[i], actual[i], roundingBound(blocks, magnitude),
              shape[0] + "x" + n + " row " + i);
        }
      }
    }
  }

  /**
   * Both shapes of the fast kernel, whichever this host prefers (the 512-bit one runs, slowly,
   * without AVX-512 too): each equals the plain reference but for the order of its float
   * additions, on random rows and on codes at the ends of their ranges (-128 times -127 in every
   * lane: the 16-bit pair sums are fullest there).
   */
  @Test
  void the256And512BitShapesEachEqualThePlainReference() {
    Random r = new Random(10);
    int blockBytes = Q8Activations.BLOCK_BYTES;
    for (int n : new int[] {32, 64, 96, 2048}) {
      int blocks = n / Q8Activations.BLOCK;
      for (int row = 0; row < 20; row++) {
        boolean extreme = row == 0;
        byte[] bytes = new byte[blocks * blockBytes];
        float[] dw = new float[blocks];
        for (int b = 0; b < blocks; b++) {
          short scale = Float.floatToFloat16(extreme ? 1f : (float) r.nextGaussian() / 64);
          dw[b] = Float.float16ToFloat(scale);
          bytes[b * blockBytes] = (byte) scale;
          bytes[b * blockBytes + 1] = (byte) (scale >> 8);
          for (int j = 0; j < Q8Activations.BLOCK; j++) {
            bytes[b * blockBytes + 2 + j] = extreme ? (byte) -128 : (byte) (r.nextInt(256) - 128);
          }
        }
        float[] x = gaussians(r, n);
        if (extreme) {
          Arrays.fill(x, -1f); // codes -127
        }
        Q8Activations q = Q8Activations.quantize(x, n);
        MemorySegment w = MemorySegment.ofArray(bytes);
        double magnitude = 0;
        for (int j = 0; j < n; j++) {
          int b = j / Q8Activations.BLOCK;
          byte code = bytes[b * blockBytes + 2 + j % Q8Activations.BLOCK];
          magnitude += Math.abs(dw[b] * q.scales()[b] * code * q.quants()[j]);
        }
        double bound = roundingBound(blocks, magnitude);
        float expected = q.dot(w, 0, n);
        float narrow = Q8Rows.dotInt8Narrow(w, 0, q, n);
        float wide = Q8Rows.dotInt8Wide(w, 0, q, n);
        assertEquals(expected, narrow, bound, "256-bit, n " + n);
        assertEquals(expected, wide, bound, "512-bit, n " + n);
        if (extreme) { // every product -128 * -127 exactly, dw = 1: each form to its rounding
          float exact = n * 16256f * q.scales()[0];
          assertEquals(exact, narrow, 1e-6f * exact, "256-bit at the extremes, n " + n);
          assertEquals(exact, wide, 1e-6f * exact, "512-bit at the extremes, n " + n);
        }
      }
    }
  }

  /** Codes at the ends of their ranges: the 16-bit pair sums of the fast path are fullest there. */
  @Test
  void extremeCodesStayExact() {
    int n = 64;
    byte[] bytes = new byte[2 * Q8Activations.BLOCK_BYTES];
    short one = Float.floatToFloat16(1f);
    for (int b = 0; b < 2; b++) {
      int at = b * Q8Activations.BLOCK_BYTES;
      bytes[at] = (byte) one;
      bytes[at + 1] = (byte) (one >> 8);
      Arrays.fill(bytes, at + 2, at + Q8Activations.BLOCK_BYTES, b == 0 ? (byte) -128 : (byte) 127);
    }
    TensorView w = io.infer4j.runtime.internal.tensor.TensorViews.of(
        "w", GgmlType.Q8_0, MemorySegment.ofArray(bytes), 1, n);
    float[] x = new float[n];
    Arrays.fill(x, -1f); // codes -127: a pair of products is 2 * 16256 = 32512
    float[] actual = new float[1];
    fast.matmul(actual, w, x);
    float dx = Q8Activations.quantize(x, n).scales()[0];
    // block 0: 32 * (-128 * -127) = 520192, block 1: 32 * (127 * -127) = -516128, dw = 1
    assertEquals((520192f - 516128f) * dx, actual[0], 1e-4f);
    float[] expected = new float[1];
    reference.matmul(expected, w, x);
    assertEquals(expected[0], actual[0], 1e-4f);
  }

  @Test
  void theInt8ProductIsTheFloatProductToTheActivationsRounding() {
    Random r = new Random(9);
    int d = 50;
    int n = 512;
    try (Arena arena = Arena.ofShared()) {
      TensorView w = RandomMatrices.of(arena, r, GgmlType.Q8_0, d, n);
      float[] x = gaussians(r, n);
      float[] int8 = new float[d];
      float[] exact = new float[d];
      fast.matmul(int8, w, x);
      floats.matmul(exact, w, x);
      Q8Activations q = Q8Activations.quantize(x, n);
      float[] row = new float[n];
      int differing = 0;
      for (int i = 0; i < d; i++) {
        w.readRow(i, row, 0);
        // |x - dx * xq| <= dx / 2 from rounding, plus |xq| <= 127 times the fp16 scale's 2^-11
        double bound = 1e-4;
        for (int j = 0; j < n; j++) {
          bound += Math.abs(row[j]) * q.scales()[j / 32] * (0.5 + 127 * 0x1p-11);
        }
        assertEquals(exact[i], int8[i], bound, "row " + i);
        differing += exact[i] != int8[i] ? 1 : 0;
      }
      assertTrue(differing > d / 2, "the activations were quantized: " + differing);
    }
  }

  @Test
  void aBatchGivesEachTokenItsSingleVectorResultExactly() {
    Random r = new Random(10);
    int d = 300;
    int n = 256;
    int count = 5;
    try (Arena arena = Arena.ofShared()) {
      TensorView w = RandomMatrices.of(arena, r, GgmlType.Q8_0, d, n);
      float[][] x = new float[count][];
      float[][] batch = new float[count][d];
      for (int t = 0; t < count; t++) {
        x[t] = gaussians(r, n);
      }
      fast.matmulBatch(batch, w, x, count);
      for (int t = 0; t < count; t++) {
        float[] single = new float[d];
        fast.matmul(single, w, x[t]);
        assertArrayEquals(single, batch[t], "token " + t);
      }
    }
  }

  @Test
  void otherWeightTypesAreTheFloatPaths() {
    Random r = new Random(11);
    try (Arena arena = Arena.ofShared()) {
      TensorView w = RandomMatrices.of(arena, r, GgmlType.F16, 20, 64);
      float[] x = gaussians(r, 64);
      float[] a = new float[20];
      float[] b = new float[20];
      reference.matmul(a, w, x);
      floats.matmul(b, w, x);
      assertArrayEquals(b, a);
      float[] c = new float[20];
      float[] e = new float[20];
      fast.matmul(c, w, x);
      new VectorMatmul().matmul(e, w, x);
      assertArrayEquals(e, c);
    }
  }
}
