package io.infer4j.runtime.internal.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class TensorViewTest {

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static MemorySegment seg(ByteBuffer b) {
    return MemorySegment.ofArray(b.array());
  }

  @Test
  void f32ViewsReadRowsAndElements() {
    ByteBuffer b = le(24);
    for (int i = 0; i < 6; i++) {
      b.putFloat(i * 1.5f);
    }
    TensorView t = TensorViews.of("m", GgmlType.F32, seg(b), 2, 3);
    float[] row = new float[5];
    t.readRow(1, row, 2);
    assertArrayEquals(new float[] {0, 0, 4.5f, 6f, 7.5f}, row);
    assertEquals(3f, t.get(2));
    assertThrows(IndexOutOfBoundsException.class, () -> t.readRow(2, row, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> t.readRow(0, row, 3));
  }

  @Test
  void f16AndBf16DecodeKnownBitPatterns() {
    ByteBuffer h =
        le(8)
            .putShort((short) 0x3C00)
            .putShort((short) 0xC000)
            .putShort((short) 0x7BFF)
            .putShort((short) 0x0001);
    TensorView f16 = TensorViews.of("h", GgmlType.F16, seg(h), 1, 4);
    assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f}, f16.toFloatArray());
    ByteBuffer bf =
        le(6).putShort((short) 0x3F80).putShort((short) 0xC0A0).putShort((short) 0x4049);
    TensorView bf16 = TensorViews.of("b", GgmlType.BF16, seg(bf), 3, 1);
    assertArrayEquals(new float[] {1f, -5f, Float.intBitsToFloat(0x40490000)}, bf16.toFloatArray());
  }

  @Test
  void q8_0IsAnFp16ScaleFollowedBy32SignedBytes() {
    ByteBuffer b = le(68);
    for (int block = 0; block < 2; block++) {
      b.putShort(Float.floatToFloat16(block == 0 ? 0.5f : -2f));
      for (int i = 0; i < 32; i++) {
        b.put((byte) (i - 16));
      }
    }
    TensorView t = TensorViews.of("q8", GgmlType.Q8_0, seg(b), 1, 64);
    float[] row = t.toFloatArray();
    assertEquals(-8f, row[0]);
    assertEquals(7.5f, row[31]);
    assertEquals(32f, row[32]);
    assertEquals(-30f, row[63]);
    assertEquals(row[40], t.get(40));
  }

  @Test
  void q4_0PutsLowNibblesFirstAndSubtractsEight() {
    ByteBuffer b = le(18).putShort(Float.floatToFloat16(0.25f));
    for (int j = 0; j < 16; j++) {
      b.put((byte) ((j & 0x0F) | ((15 - j) << 4))); // low nibble j, high nibble 15 - j
    }
    TensorView t = TensorViews.of("q4", GgmlType.Q4_0, seg(b), 1, 32);
    float[] row = t.toFloatArray();
    for (int j = 0; j < 16; j++) {
      assertEquals((j - 8) * 0.25f, row[j], "element " + j);
      assertEquals((15 - j - 8) * 0.25f, row[j + 16], "element " + (j + 16));
      assertEquals(row[j + 16], t.get(j + 16));
    }
  }

  @Test
  void viewsRefuseShapesThatDoNotFitTheirBlocksOrTheirBytes() {
    MemorySegment s = MemorySegment.ofArray(new byte[34]);
    assertThrows(
        IllegalArgumentException.class, () -> TensorViews.of("x", GgmlType.Q8_0, s, 1, 16));
    assertThrows(
        IllegalArgumentException.class, () -> TensorViews.of("x", GgmlType.Q8_0, s, 2, 32));
    assertThrows(IllegalArgumentException.class, () -> TensorViews.of("x", GgmlType.F32, s, 0, 1));
  }

  @Test
  void typesKnowTheirGgmlIdsAndBlockSizes() {
    assertEquals(GgmlType.Q8_0, GgmlType.byId(8).orElseThrow());
    assertEquals(GgmlType.BF16, GgmlType.byId(30).orElseThrow());
    assertEquals(GgmlType.Q4_K, GgmlType.byId(12).orElseThrow());
    assertEquals(true, GgmlType.byId(10).isEmpty()); // Q2_K: not read
    assertEquals(68, GgmlType.Q8_0.byteSize(64));
    assertEquals(18, GgmlType.Q4_0.byteSize(32));
    assertEquals(144, GgmlType.Q4_K.byteSize(256));
    assertEquals(-1, GgmlType.Q6_K.byteSize(128));
    assertEquals(-1, GgmlType.Q4_0.byteSize(33));
    assertEquals(-1, GgmlType.F32.byteSize(Long.MAX_VALUE / 2));
  }
}
