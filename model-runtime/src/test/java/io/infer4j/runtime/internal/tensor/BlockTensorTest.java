package io.infer4j.runtime.internal.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer4j.runtime.testing.Quantize;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The block-quantized views (Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K) against the test-side decoders
 * in {@link Quantize}, which address each element by its own formula. Blocks of random bytes reach
 * every bit pattern (high scale bits, fifth and sixth bits, negative Q6_K scales); the fp16 fields
 * are then set to finite values so that equality is exact.
 */
class BlockTensorTest {
  private static final int ROWS = 3;

  /** {@code ROWS} rows of {@code blocksPerRow} random blocks, fp16 fields finite. */
  private static byte[] randomBlocks(GgmlType type, int blocksPerRow, Random r) {
    byte[] bytes = new byte[ROWS * blocksPerRow * type.blockBytes()];
    r.nextBytes(bytes);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int[] halves = switch (type) {
      case Q4_1, Q5_1, Q4_K, Q5_K -> new int[] {0, 2};
      case Q5_0 -> new int[] {0};
      case Q6_K -> new int[] {208};
      default -> throw new IllegalArgumentException(type.name());
    };
    for (int start = 0; start < bytes.length; start += type.blockBytes()) {
      for (int at : halves) {
        b.putShort(start + at, Float.floatToFloat16((float) r.nextGaussian() * 0.01f));
      }
    }
    return bytes;
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K"})
  void rowsAndElementsDecodeAsGgmlLaysTheBlocksOut(GgmlType type) {
    Random r = new Random(type.id());
    int blocksPerRow = 3;
    int cols = blocksPerRow * type.blockSize();
    byte[] bytes = randomBlocks(type, blocksPerRow, r);
    TensorView view = TensorViews.of("w", type, MemorySegment.ofArray(bytes), ROWS, cols);
    float[] expected = Quantize.decode(type, bytes, ROWS * cols);

    float[] rows = new float[ROWS * cols + 5];
    for (int row = 0; row < ROWS; row++) {
      view.readRow(row, rows, 5 + row * cols);
    }
    for (int i = 0; i < ROWS * cols; i++) {
      assertEquals(expected[i], rows[5 + i], 0f, type + " element " + i);
    }
    assertEquals(expected[cols + 7], view.get(cols + 7), 0f);
    assertEquals(expected[ROWS * cols - 1], view.get(ROWS * cols - 1), 0f);
    assertEquals(type, view.type());
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K"})
  void encodedValuesComeBackCloseToTheOriginals(GgmlType type) {
    Random r = new Random(31 + type.id());
    float[] values = new float[2 * type.blockSize() * 4];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) r.nextGaussian();
    }
    byte[] bytes = Quantize.encode(type, values);
    TensorView view =
        TensorViews.of("w", type, MemorySegment.ofArray(bytes), 2, values.length / 2);
    float[] back = view.toFloatArray();
    assertArrayEquals(Quantize.roundTrip(type, values), back, 0f);
    // 4-bit codes over a block's range of about 5 standard deviations: error well under 0.5
    for (int i = 0; i < values.length; i++) {
      assertEquals(values[i], back[i], 0.5, type + " element " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q5_K", "Q6_K"})
  void kQuantRowsMustBeWholeSuperBlocks(GgmlType type) {
    MemorySegment data = MemorySegment.ofArray(new byte[4 * type.blockBytes()]);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TensorViews.of("w", type, data, 4, 128));
    assertEquals("tensor w: row length 128 is not a multiple of 256", e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K"})
  void everyTypeHasItsGgmlIdAndBlockBytes(GgmlType type) {
    // ggml.h's type ids and ggml-common.h's block sizes
    assertEquals(
        switch (type) {
          case Q4_1 -> 3;
          case Q5_0 -> 6;
          case Q5_1 -> 7;
          case Q4_K -> 12;
          case Q5_K -> 13;
          case Q6_K -> 14;
          default -> -1;
        },
        type.id());
    assertEquals(GgmlType.byId(type.id()).orElseThrow(), type);
    assertEquals(EnumSet.of(GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K).contains(type) ? 256 : 32,
        type.blockSize());
  }
}
