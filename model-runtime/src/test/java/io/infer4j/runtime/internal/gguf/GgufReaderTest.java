package io.infer4j.runtime.internal.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ModelFormatException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import io.infer4j.runtime.testing.GgufBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufReaderTest {
  @TempDir Path dir;

  /** A valid file: two metadata keys, one 2x3 F32 tensor. */
  private static GgufBuilder smallFile() {
    return GgufBuilder.header(1, 2)
        .kvString("general.architecture", "llama")
        .kvU32("general.alignment", 32)
        .tensor("t", GgmlType.F32.id(), 0, 3, 2)
        .data(32, GgufBuilder.floats(1, 2, 3, 4, 5, 6));
  }

  private ModelFormatException failure(GgufBuilder b) {
    Path p = b.write(dir, "bad.gguf");
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> GgufFile.open(p));
    assertTrue(e.getMessage().contains(p.toString()), "message names the file: " + e.getMessage());
    return e;
  }

  private static void assertMentions(ModelFormatException e, String... words) {
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
    }
  }

  @Test
  void readsHeaderMetadataTensorInfoAndData() {
    Path p = smallFile().write(dir, "ok.gguf");
    try (GgufFile f = GgufFile.open(p)) {
      assertEquals(3, f.version());
      assertEquals(32, f.alignment());
      assertEquals("llama", f.metadata().requireString("general.architecture"));
      GgufTensorInfo info = f.tensorInfo("t").orElseThrow();
      assertArrayEquals(new long[] {3, 2}, info.dims());
      assertEquals(24, info.byteSize());
      TensorView t = f.tensor("t");
      assertEquals(2, t.rows());
      assertEquals(3, t.cols());
      float[] row = new float[3];
      t.readRow(1, row, 0);
      assertArrayEquals(new float[] {4, 5, 6}, row);
    }
  }

  @Test
  void readsEveryMetadataValueTypeIncludingArraysAndNestedArrays() {
    GgufBuilder b = GgufBuilder.header(0, 16);
    b.key("u8", GgufValueType.UINT8).u8(200);
    b.key("i8", GgufValueType.INT8).u8(0xFF);
    b.key("u16", GgufValueType.UINT16).u16(60000);
    b.key("i16", GgufValueType.INT16).u16(-2);
    b.key("u32", GgufValueType.UINT32).u32(4000000000L);
    b.key("i32", GgufValueType.INT32).u32(-7);
    b.key("f32", GgufValueType.FLOAT32).f32(1.5f);
    b.key("bool", GgufValueType.BOOL).u8(1);
    b.key("str", GgufValueType.STRING).str("héllo");
    b.key("u64", GgufValueType.UINT64).u64(1L << 40);
    b.key("i64", GgufValueType.INT64).u64(-9);
    b.key("f64", GgufValueType.FLOAT64).f64(2.25);
    b.kvFloats("floats", 0.5f, -1f);
    b.kvStrings("strings", "a", "", "▁b");
    b.key("ints", GgufValueType.ARRAY).u32(GgufValueType.INT32.id()).u64(2).u32(3).u32(-4);
    b.key("nested", GgufValueType.ARRAY)
        .u32(GgufValueType.ARRAY.id())
        .u64(1)
        .u32(GgufValueType.BOOL.id())
        .u64(2)
        .u8(0)
        .u8(1);
    Path p = b.write(dir, "kv.gguf");
    try (GgufFile f = GgufFile.open(p)) {
      GgufMetadata m = f.metadata();
      assertEquals(16, m.size());
      assertEquals(200, m.requireInt("u8"));
      assertEquals(-1, m.requireInt("i8"));
      assertEquals(60000, m.requireInt("u16"));
      assertEquals(-2, m.requireInt("i16"));
      assertEquals(4000000000L, m.get("u32").orElseThrow());
      assertEquals(-7, m.requireInt("i32"));
      assertEquals(1.5f, m.getFloat("f32", 0));
      assertTrue(m.getBoolean("bool", false));
      assertEquals("héllo", m.requireString("str"));
      assertEquals(1L << 40, m.get("u64").orElseThrow());
      assertEquals(-9L, m.get("i64").orElseThrow());
      assertEquals(2.25f, m.getFloat("f64", 0));
      assertArrayEquals(new float[] {0.5f, -1f}, m.requireFloatArray("floats"));
      assertArrayEquals(new String[] {"a", "", "▁b"}, m.requireStringArray("strings"));
      assertArrayEquals(new int[] {3, -4}, m.requireIntArray("ints"));
      GgufArray nested = ((GgufArray[]) m.requireArray("nested").values())[0];
      assertArrayEquals(new boolean[] {false, true}, (boolean[]) nested.values());
      assertEquals(GgufValueType.UINT32, m.type("u32").orElseThrow());
    }
  }

  @Test
  void readsVersion2Files() {
    byte[] bytes = smallFile().bytes();
    bytes[4] = 2;
    Path p = new GgufBuilder().raw(bytes).write(dir, "v2.gguf");
    try (GgufFile f = GgufFile.open(p)) {
      assertEquals(2, f.version());
    }
  }

  @Test
  void honoursACustomAlignment() {
    GgufBuilder b =
        GgufBuilder.header(2, 1)
            .kvU32("general.alignment", 64)
            .tensor("a", GgmlType.F32.id(), 0, 2)
            .tensor("b", GgmlType.F32.id(), 64, 2)
            .pad(64);
    b.raw(GgufBuilder.floats(1, 2)).pad(64).raw(GgufBuilder.floats(3, 4));
    try (GgufFile f = GgufFile.open(b.write(dir, "a64.gguf"))) {
      assertEquals(64, f.alignment());
      assertEquals(0, f.dataOffset() % 64);
      assertArrayEquals(new float[] {3, 4}, f.tensor("b").toFloatArray());
    }
  }

  @Test
  void everyTruncationOfAValidFileIsAFormatErrorNeverAnotherException() throws IOException {
    byte[] full = smallFile().bytes();
    for (int length = 0; length < full.length; length++) {
      Path p = dir.resolve("cut" + length + ".gguf");
      Files.write(p, Arrays.copyOf(full, length));
      assertThrows(ModelFormatException.class, () -> GgufFile.open(p).close(), "length " + length);
    }
  }

  @Test
  void rejectsAWrongMagic() {
    byte[] bytes = smallFile().bytes();
    bytes[0] = 'X';
    assertMentions(failure(new GgufBuilder().raw(bytes)), "wrong magic");
  }

  @Test
  void rejectsAnUnknownVersionAndVersion1() {
    byte[] bytes = smallFile().bytes();
    bytes[4] = 99;
    assertMentions(failure(new GgufBuilder().raw(bytes)), "unknown GGUF version 99");
    bytes[4] = 0;
    bytes[7] = 3;
    assertMentions(failure(new GgufBuilder().raw(bytes)), "big-endian");
    bytes[7] = 0;
    bytes[4] = 1;
    assertMentions(failure(new GgufBuilder().raw(bytes)), "version 1 is not supported");
  }

  @Test
  void rejectsUnknownAndUnsupportedTensorTypes() {
    assertMentions(
        failure(GgufBuilder.header(1, 0).tensor("w", 99, 0, 32).data(32, new byte[64])),
        "tensor w",
        "type id 99");
    assertMentions(
        failure(GgufBuilder.header(1, 0).tensor("k", 10, 0, 256).data(32, new byte[256])),
        "tensor k",
        "type id 10",
        "supported: F32, F16, Q4_0");
  }

  @Test
  void rejectsTensorDataPastTheEndOfTheFile() {
    assertMentions(
        failure(GgufBuilder.header(1, 0).tensor("t", 0, 32, 4).data(32, new byte[16])),
        "tensor t",
        "past the end");
    assertMentions(
        failure(
            GgufBuilder.header(1, 0).tensor("t", 0, Long.MAX_VALUE - 31, 4).data(32, new byte[16])),
        "tensor t");
  }

  @Test
  void rejectsAMisalignedTensorOffset() {
    assertMentions(
        failure(GgufBuilder.header(1, 0).tensor("t", 0, 4, 1).data(32, new byte[64])),
        "tensor t",
        "alignment");
  }

  @Test
  void rejectsAbsurdCountsAndLengthsBeforeAllocating() {
    assertMentions(failure(GgufBuilder.header(1L << 40, 0)), "absurd tensor count");
    assertMentions(failure(GgufBuilder.header(0, 1L << 40)), "absurd metadata count");
    assertMentions(failure(GgufBuilder.header(0, -1)), "absurd metadata count");
    assertMentions(failure(GgufBuilder.header(0, 1).u64(1L << 60).raw(new byte[16])), "length");
    assertMentions(
        failure(GgufBuilder.header(0, 1).key("s", GgufValueType.STRING).u64(1L << 60)),
        "value of s",
        "length");
    assertMentions(
        failure(
            GgufBuilder.header(0, 1)
                .key("a", GgufValueType.ARRAY)
                .u32(GgufValueType.UINT8.id())
                .u64(1L << 60)),
        "absurd array length",
        "a");
    assertMentions(
        failure(
            GgufBuilder.header(0, 1)
                .key("a", GgufValueType.ARRAY)
                .u32(GgufValueType.STRING.id())
                .u64(1000)
                .u64(0)),
        "absurd array length");
    assertMentions(
        failure(GgufBuilder.header(1, 0).tensor("t", 0, 0, 1L << 40, 1L << 40).pad(32)),
        "tensor t");
  }

  @Test
  void rejectsUnknownValueTypesBadDimensionsAndBadBooleans() {
    assertMentions(
        failure(GgufBuilder.header(0, 1).str("k").u32(42).u32(0)), "value type of metadata key k");
    assertMentions(
        failure(
            GgufBuilder.header(1, 0)
                .str("t")
                .u32(5)
                .u64(1)
                .u64(1)
                .u64(1)
                .u64(1)
                .u64(1)
                .u32(0)
                .u64(0)),
        "5 dimensions");
    assertMentions(failure(GgufBuilder.header(1, 0).tensor("t", 0, 0, 0).pad(32)), "dimension 0");
    assertMentions(failure(GgufBuilder.header(0, 1).key("b", GgufValueType.BOOL).u8(7)), "bool");
  }

  @Test
  void rejectsRowsThatAreNotWholeQuantBlocks() {
    assertMentions(
        failure(
            GgufBuilder.header(1, 0).tensor("q", GgmlType.Q8_0.id(), 0, 48).data(32, new byte[64])),
        "tensor q",
        "block size 32");
  }

  @Test
  void rejectsDuplicateKeysAndInvalidUtf8() {
    assertMentions(
        failure(GgufBuilder.header(0, 2).kvU32("k", 1).kvU32("k", 2)), "duplicate metadata key k");
    assertMentions(
        failure(GgufBuilder.header(0, 1).u64(2).raw(new byte[] {(byte) 0xC3, 0x28}).u32(4).u32(0)),
        "not valid UTF-8");
  }

  @Test
  void reportsMissingAndWronglyTypedKeysByName() {
    try (GgufFile f = GgufFile.open(smallFile().write(dir, "ok.gguf"))) {
      ModelFormatException missing =
          assertThrows(
              ModelFormatException.class, () -> f.metadata().requireInt("llama.block_count"));
      assertMentions(missing, "missing metadata key llama.block_count", "ok.gguf");
      ModelFormatException wrong =
          assertThrows(
              ModelFormatException.class, () -> f.metadata().requireInt("general.architecture"));
      assertMentions(wrong, "general.architecture", "STRING");
      assertThrows(ModelFormatException.class, () -> f.tensor("nope"));
    }
  }

  @Test
  void aMissingFileIsModelNotFound() {
    assertThrows(ModelNotFoundException.class, () -> GgufFile.open(dir.resolve("absent.gguf")));
  }

  @Test
  void acceptsAVocabularyOnlyFileWhoseDataSectionWouldStartPastTheEnd() {
    Path p = GgufBuilder.header(0, 1).kvString("x", "abc").write(dir, "vocab.gguf");
    try (GgufFile f = GgufFile.open(p)) {
      assertTrue(f.tensors().isEmpty());
      assertEquals("abc", f.metadata().requireString("x"));
    }
  }
}
