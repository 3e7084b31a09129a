package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import io.infer4j.runtime.internal.tensor.TensorViews;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Vector API dequantizers of the batched matmul ({@code widen}: {@link KQuantRows}, {@link
 * Q8Rows}, {@link Q4Rows}, {@link F16Rows}, {@link BF16Rows}) give each row the values of the
 * tensor view's plain {@code readRow} bit for bit: on quantized Gaussians, and on Q4_0 and K-quant
 * blocks of random bytes (every code, scale and min, finite fp16 factors), so the float batch
 * path multiplies exactly the reference's weights.
 */
class WidenedRowsTest {
  private static final int ROWS = 6;
  private static final int COLS = 768;
  private static final ValueLayout.OfShort HALF =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private static void widen(GgmlType type, MemorySegment seg, long offset, float[] dst, int n) {
    switch (type) {
      case Q4_K -> KQuantRows.widenQ4K(seg, offset, dst, n);
      case Q6_K -> KQuantRows.widenQ6K(seg, offset, dst, n);
      case Q8_0 -> Q8Rows.widen(seg, offset, dst, n);
      case F16 -> F16Rows.widen(seg, offset, dst, n);
      case BF16 -> BF16Rows.widen(seg, offset, dst, n);
      case Q4_0 -> Q4Rows.widen(seg, offset, dst, n);
      default -> throw new IllegalArgumentException(type.toString());
    }
  }

  private static void assertRowsEqualReadRow(TensorView w) {
    assumeTrue(RowSpecies.SUPPORTED, "the row kernels need 8 or 16 float lanes");
    MemorySegment seg = WeightSegments.of(w);
    long rowBytes = w.type().byteSize(COLS);
    float[] expected = new float[COLS];
    float[] actual = new float[COLS];
    for (int r = 0; r < ROWS; r++) {
      w.readRow(r, expected, 0);
      widen(w.type(), seg, r * rowBytes, actual, COLS);
      for (int i = 0; i < COLS; i++) {
        assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
            w.type() + " row " + r + ", element " + i + ": " + expected[i] + " vs " + actual[i]);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q6_K", "Q8_0", "Q4_0", "F16", "BF16"})
  void quantizedGaussiansWidenToTheViewsValues(GgmlType type) {
    try (Arena arena = Arena.ofShared()) {
      assertRowsEqualReadRow(RandomMatrices.of(arena, new Random(51), type, ROWS, COLS));
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q6_K", "Q4_0"})
  void blocksOfRandomBytesWidenToTheViewsValues(GgmlType type) {
    Random r = new Random(52);
    int blocks = ROWS * COLS / type.blockSize();
    byte[] bytes = new byte[blocks * type.blockBytes()];
    r.nextBytes(bytes);
    try (Arena arena = Arena.ofShared()) {
      MemorySegment seg = arena.allocate(bytes.length, 64);
      MemorySegment.copy(bytes, 0, seg, ValueLayout.JAVA_BYTE, 0, bytes.length);
      for (int b = 0; b < blocks; b++) { // finite fp16 factors: d, dmin (Q4_K) or d
        long base = (long) b * type.blockBytes();
        long[] halves = switch (type) {
          case Q6_K -> new long[] {base + 208};
          case Q4_0 -> new long[] {base};
          default -> new long[] {base, base + 2};
        };
        for (long at : halves) {
          seg.set(HALF, at, Float.floatToFloat16((float) r.nextGaussian()));
        }
      }
      assertRowsEqualReadRow(TensorViews.of("w", type, seg, ROWS, COLS));
    }
  }
}
