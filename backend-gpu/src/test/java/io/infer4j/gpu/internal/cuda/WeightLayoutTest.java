package io.infer4j.gpu.internal.cuda;

import io.infer4j.runtime.testing.Quantize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import io.infer4j.runtime.internal.tensor.TensorViews;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightLayoutTest {
  static final int ROWS = 3;
  static final int COLS = 64;
  static final ValueLayout.OfShort LE =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  static TensorView view(GgmlType type, byte[] bytes) {
    return TensorViews.of("w", type, MemorySegment.ofArray(bytes), ROWS, COLS);
  }

  static float[] dequantized(TensorView v) {
    float[] all = new float[ROWS * COLS];
    for (int r = 0; r < ROWS; r++) {
      v.readRow(r, all, r * COLS);
    }
    return all;
  }

  /** Element e of the split Q8_0 layout, read as matvec.cu's header says. */
  static float splitQ8(List<MemorySegment> img, int e) {
    byte q = img.get(0).get(ValueLayout.JAVA_BYTE, e);
    return q * Float.float16ToFloat(img.get(1).get(LE, (long) (e / 32) * 2));
  }

  /** Element e of the split Q4_0 layout, read as matvec.cu's header says. */
  static float splitQ4(List<MemorySegment> img, int e) {
    int block = e / 32;
    int j = e % 32;
    int b = img.get(0).get(ValueLayout.JAVA_BYTE, block * 16L + (j % 16)) & 0xFF;
    int nibble = j < 16 ? b & 0x0F : b >>> 4;
    return (nibble - 8) * Float.float16ToFloat(img.get(1).get(LE, block * 2L));
  }

  @Test
  void splitQ8_0KeepsEveryElementOfTheGgmlBlocks() {
    byte[] ggml = Quantize.encode(GgmlType.Q8_0, RandomVectors.values(ROWS * COLS, 1));
    TensorView v = view(GgmlType.Q8_0, ggml);
    float[] expected = dequantized(v);
    try (Arena a = Arena.ofConfined()) {
      List<MemorySegment> img = WeightLayout.image(v, MemorySegment.ofArray(ggml), a);
      assertEquals(2, img.size());
      assertEquals(ROWS * COLS, img.get(0).byteSize());
      assertEquals(ROWS * COLS / 32 * 2, img.get(1).byteSize());
      for (int e = 0; e < expected.length; e++) {
        assertEquals(expected[e], splitQ8(img, e), "element " + e);
      }
      List<MemorySegment> reencoded = WeightLayout.image(v, null, a);
      assertArrayEquals(img.get(0).toArray(ValueLayout.JAVA_BYTE),
          reencoded.get(0).toArray(ValueLayout.JAVA_BYTE));
      assertArrayEquals(img.get(1).toArray(ValueLayout.JAVA_BYTE),
          reencoded.get(1).toArray(ValueLayout.JAVA_BYTE));
    }
  }

  @Test
  void splitQ4_0KeepsLowNibblesAsTheFirstSixteenElements() {
    byte[] ggml = Quantize.encode(GgmlType.Q4_0, RandomVectors.values(ROWS * COLS, 2));
    TensorView v = view(GgmlType.Q4_0, ggml);
    float[] expected = dequantized(v);
    try (Arena a = Arena.ofConfined()) {
      List<MemorySegment> img = WeightLayout.image(v, MemorySegment.ofArray(ggml), a);
      assertEquals(ROWS * COLS / 2, img.get(0).byteSize());
      for (int e = 0; e < expected.length; e++) {
        assertEquals(expected[e], splitQ4(img, e), "element " + e);
      }
    }
  }

  @Test
  void aQ4_0TensorWithoutItsFileBytesIsRefusedByName() {
    TensorView v = view(GgmlType.Q4_0, Quantize.encode(GgmlType.Q4_0, RandomVectors.values(ROWS * COLS, 3)));
    try (Arena a = Arena.ofConfined()) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> WeightLayout.image(v, null, a));
      assertTrue(e.getMessage().contains("Q4_0 tensor w"), e.getMessage());
    }
  }

  @Test
  void unquantizedTypesReencodeToTheirFileBytes() {
    float[] x = RandomVectors.values(ROWS * COLS, 4);
    for (GgmlType t : List.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16)) {
      byte[] bytes = switch (t) {
        case F32 -> Quantize.encode(GgmlType.F32, x);
        case F16 -> Quantize.encode(GgmlType.F16, x);
        default -> Quantize.encode(GgmlType.BF16, x);
      };
      try (Arena a = Arena.ofConfined()) {
        List<MemorySegment> img = WeightLayout.image(view(t, bytes), null, a);
        assertEquals(1, img.size());
        assertArrayEquals(bytes, img.get(0).toArray(ValueLayout.JAVA_BYTE), t.name());
      }
    }
  }

  @Test
  void deviceBytesEqualTheFileBytesForEveryTypeWithKernels() {
    for (GgmlType t : GgmlType.values()) {
      long expected = WeightLayout.deviceType(t) == t ? t.byteSize(4096) : 4096L * Float.BYTES;
      assertEquals(expected, WeightLayout.totalDeviceBytes(t, 4096), t.name());
    }
    assertThrows(IllegalArgumentException.class,
        () -> WeightLayout.deviceBytes(GgmlType.Q8_0, 33));
  }

  @Test
  void typesWithoutKernelsGoToTheDeviceAsTheirDecodedFloats() {
    for (GgmlType t : new GgmlType[] {GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q4_K,
        GgmlType.Q5_K, GgmlType.Q6_K}) {
      assertEquals(GgmlType.F32, WeightLayout.deviceType(t), t.name());
      float[] values = new float[2 * 256];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) Math.sin(i * 0.37) * (1 + i % 5);
      }
      MemorySegment file = MemorySegment.ofArray(Quantize.encode(t, values));
      TensorView view = TensorViews.of("w", t, file, 2, 256);
      try (Arena arena = Arena.ofConfined()) {
        List<MemorySegment> image = WeightLayout.image(view, file, arena);
        assertEquals(1, image.size(), t.name());
        float[] onDevice =
            image.get(0).toArray(ValueLayout.JAVA_FLOAT.withOrder(ByteOrder.LITTLE_ENDIAN));
        assertArrayEquals(view.toFloatArray(), onDevice, 0f, t.name());
      }
    }
  }
}
