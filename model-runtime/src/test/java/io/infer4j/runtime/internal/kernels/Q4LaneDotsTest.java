package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer4j.runtime.internal.tensor.ForgedView;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import io.infer4j.runtime.internal.tensor.TensorViews;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Q4_0 rows in nibble lanes ({@link Q4LaneLayout}, {@link Q4LaneDots}) against the same rows
 * written out as Q8_0 blocks of codes {@code nibble - 8} (the twin, decoded here from the block
 * bytes as {@code block_q4_0} defines them): bit for bit the floats {@link Q8LaneDots} gives for
 * the twin, and within float rounding of the plain int8 reference {@link Q8Activations#dot}, for
 * random blocks and for the blocks whose sums reach the bound the 16-bit lanes rely on ({@code
 * |sum((q - 8) y)| <= 32512}), a token at a time and, from {@link Q4LaneTiles#MIN_TOKENS} tokens
 * on, in tiles ({@link Q4LaneTiles}); rows past the matrix are not written; bad input is refused
 * by name.
 */
class Q4LaneDotsTest {
  @BeforeAll
  static void needsWideLanes() {
    assumeTrue(RowSpecies.WIDE, "the Q4_0 lane kernel needs native 512-bit Vector API lanes");
  }

  /** Block bytes: an fp16 scale, then 16 bytes holding codes l (low nibble) and l + 16 (high). */
  private static final int BLOCK_BYTES = 18;

  /** The Q8_0 matrix of {@code w}'s codes {@code nibble - 8} and scales, from its bytes. */
  private static SegmentTensor twin(SegmentTensor w) {
    int blocks = w.rows() * (w.cols() / 32);
    byte[] bytes = new byte[blocks * 34];
    MemorySegment src = w.segment();
    for (int b = 0; b < blocks; b++) {
      long from = (long) b * BLOCK_BYTES;
      bytes[34 * b] = src.get(ValueLayout.JAVA_BYTE, from);
      bytes[34 * b + 1] = src.get(ValueLayout.JAVA_BYTE, from + 1);
      for (int l = 0; l < 16; l++) {
        int packed = src.get(ValueLayout.JAVA_BYTE, from + 2 + l) & 0xFF;
        bytes[34 * b + 2 + l] = (byte) ((packed & 0x0F) - 8);
        bytes[34 * b + 2 + l + 16] = (byte) ((packed >> 4) - 8);
      }
    }
    return (SegmentTensor) TensorViews.of("twin", GgmlType.Q8_0, MemorySegment.ofArray(bytes),
        w.rows(), w.cols());
  }

  /** {@code w @ x[t]} through the lanes of {@code w}, in arrays 5 longer (left NaN). */
  private static float[][] lanes(LaneGroupedTensor w, float[][] x) {
    float[][] out = new float[x.length][w.rows() + 5];
    for (float[] o : out) {
      Arrays.fill(o, Float.NaN);
    }
    RowPool.forRows(w.rows(), LaneGroupedTensor.ROWS, Q8LaneDots.task(w, out, x, x.length));
    for (float[] o : out) {
      for (int r = w.rows(); r < o.length; r++) {
        assertTrue(Float.isNaN(o[r]), "row " + r + " is past the matrix's " + w.rows());
      }
    }
    return out;
  }

  /** A rounding per block and a few more, of the sum of the terms' magnitudes. */
  private static double bound(SegmentTensor twin, int row, Q8Activations q) {
    float[] values = new float[twin.cols()];
    twin.readRow(row, values, 0);
    double magnitude = 0;
    for (int j = 0; j < values.length; j++) {
      magnitude += Math.abs(values[j] * q.scales()[j / 32] * q.quants()[j]);
    }
    return (values.length / 32 + 4) * Math.ulp(1f) * magnitude;
  }

  private static void assertMatchesTwin(SegmentTensor w, float[][] x) {
    SegmentTensor twin = twin(w);
    try (Arena arena = Arena.ofShared()) { // written and read by the RowPool threads
      float[][] got = lanes(Q4LaneLayout.regroup(w, arena), x);
      float[][] want = lanes(Q8LaneLayout.regroup(twin, arena), x);
      for (int t = 0; t < x.length; t++) {
        Q8Activations q = Q8Activations.quantize(x[t], w.cols());
        for (int r = 0; r < w.rows(); r++) {
          assertEquals(Float.floatToRawIntBits(want[t][r]), Float.floatToRawIntBits(got[t][r]),
              "token " + t + " row " + r + ": " + want[t][r] + " vs " + got[t][r]);
          float plain = q.dot(twin.segment(), r * GgmlType.Q8_0.byteSize(w.cols()), w.cols());
          assertEquals(plain, got[t][r], bound(twin, r, q), "token " + t + " row " + r);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} x {1}")
  @CsvSource({"32, 32", "45, 96", "64, 2048", "5, 256"})
  void randomRowsMultiplyAsTheirQ8Twin(int rows, int cols) {
    Random r = new Random(rows * 17L + cols);
    try (Arena arena = Arena.ofShared()) {
      SegmentTensor w = (SegmentTensor) RandomMatrices.of(arena, r, GgmlType.Q4_0, rows, cols);
      float[][] x = new float[3][cols];
      for (float[] v : x) {
        for (int i = 0; i < cols; i++) {
          v[i] = (float) r.nextGaussian();
        }
      }
      assertMatchesTwin(w, x);
    }
  }

  /**
   * Prompts, which {@link Q4LaneTiles} multiplies a tile of 8 blocks at a time, four tokens a pass:
   * whole and part tiles (9 and 40 blocks), token counts not a multiple of four, part groups.
   */
  @ParameterizedTest(name = "{0} x {1}, {2} tokens")
  @CsvSource({"32, 256, 8", "45, 1280, 9", "64, 288, 13", "104, 2048, 64", "8, 32, 11"})
  void promptsInTilesMultiplyAsTheirQ8Twin(int rows, int cols, int tokens) {
    Random r = new Random(rows * 19L + cols);
    try (Arena arena = Arena.ofShared()) {
      SegmentTensor w = (SegmentTensor) RandomMatrices.of(arena, r, GgmlType.Q4_0, rows, cols);
      float[][] x = new float[tokens][cols];
      for (float[] v : x) {
        for (int i = 0; i < cols; i++) {
          v[i] = (float) r.nextGaussian();
        }
      }
      assertMatchesTwin(w, x);
    }
  }

  /**
   * Rows of all-0 nibbles (codes -8), all-15 (codes 7) and alternating, against activations all
   * equal (codes all 127 or all -127) and alternating in sign: block sums of -32512, 28448 and
   * their negatives, the far ends of what the 16-bit lanes hold, and the partial sums wrap.
   */
  @Test
  void blockSumsAtTheBoundStayExact() {
    int rows = 40;
    int cols = 128;
    byte[] bytes = new byte[rows * (cols / 32) * BLOCK_BYTES];
    for (int r = 0; r < rows; r++) {
      for (int b = 0; b < cols / 32; b++) {
        int at = (r * (cols / 32) + b) * BLOCK_BYTES;
        short d = Float.floatToFloat16(0.5f + r / 64f);
        bytes[at] = (byte) d;
        bytes[at + 1] = (byte) (d >> 8);
        byte packed = switch (r % 3) {
          case 0 -> 0x00;
          case 1 -> (byte) 0xFF;
          default -> (byte) 0xF0;
        };
        Arrays.fill(bytes, at + 2, at + BLOCK_BYTES, packed);
      }
    }
    SegmentTensor w = (SegmentTensor) TensorViews.of("extremes", GgmlType.Q4_0,
        MemorySegment.ofArray(bytes), rows, cols);
    float[] up = new float[cols];
    float[] down = new float[cols];
    float[] alternating = new float[cols];
    for (int i = 0; i < cols; i++) {
      up[i] = 1f;
      down[i] = -1f;
      alternating[i] = i % 32 < 16 ? 2f : -2f;
    }
    assertMatchesTwin(w, new float[][] {up, down, alternating});
    float[][] prompt = new float[Q4LaneTiles.MIN_TOKENS + 1][];
    for (int t = 0; t < prompt.length; t++) {
      prompt[t] = t % 3 == 0 ? up : t % 3 == 1 ? down : alternating;
    }
    assertMatchesTwin(w, prompt); // in tiles
    try (Arena arena = Arena.ofShared()) {
      float[] all = lanes(Q4LaneLayout.regroup(w, arena), new float[][] {up})[0];
      float d0 = Float.float16ToFloat(Float.floatToFloat16(0.5f));
      float unit = Float.float16ToFloat(Float.floatToFloat16(1f / 127f));
      // row 0: 4 blocks of 32 codes -8 times 127: -32512 a block, exact
      assertEquals(4 * -32512f * (d0 * unit), all[0], 4 * Math.ulp(4 * 32512f * d0 * unit));
    }
  }

  @Test
  void badInputIsRefusedByName() {
    try (Arena arena = Arena.ofShared()) {
      SegmentTensor q8 = (SegmentTensor) RandomMatrices.of(arena, new Random(1), GgmlType.Q8_0, 2,
          64);
      var notQ4 = assertThrows(IllegalArgumentException.class,
          () -> Q4LaneLayout.regroup(q8, arena));
      assertTrue(notQ4.getMessage().contains("Q8_0"), notQ4.getMessage());
      SegmentTensor two = (SegmentTensor) RandomMatrices.of(arena, new Random(2), GgmlType.Q4_0,
          2, 64);
      SegmentTensor shortOne = new ForgedView(two, 64, 50);
      var tooShort = assertThrows(IllegalArgumentException.class,
          () -> Q4LaneLayout.regroup(shortOne, arena));
      assertTrue(tooShort.getMessage().contains("72 bytes") && tooShort.getMessage().contains(
          "forged"), tooShort.getMessage());
      var partBlock = assertThrows(IllegalArgumentException.class,
          () -> Q4LaneLayout.regroup(new ForgedView(two, 40, 1 << 10), arena));
      assertTrue(partBlock.getMessage().contains("2x40"), partBlock.getMessage());
      var q5 = assertThrows(IllegalArgumentException.class, () -> Q4LaneLayout.regroup(
          (SegmentTensor) RandomMatrices.of(arena, new Random(3), GgmlType.Q5_0, 2, 64), arena));
      assertTrue(q5.getMessage().contains("Q5_0"), q5.getMessage());
      LaneGroupedTensor q4_1 = Q4LaneLayout.regroup(
          (SegmentTensor) RandomMatrices.of(arena, new Random(4), GgmlType.Q4_1, 32, 64), arena);
      var offsets = assertThrows(IllegalArgumentException.class, () -> Q4LaneTiles.groups(
          GgmlType.Q4_1, q4_1.groups(), 32, 64, new float[1][64], new float[1][2], 1, 0, 1,
          new float[1][32]));
      assertTrue(offsets.getMessage().contains("Q4_1"), offsets.getMessage());
    }
  }
}
