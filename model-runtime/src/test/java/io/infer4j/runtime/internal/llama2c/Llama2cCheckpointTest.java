package io.infer4j.runtime.internal.llama2c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.internal.io.MappedFile;
import io.infer4j.runtime.testing.TinyModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Llama2cCheckpointTest {
  @TempDir Path dir;

  private Path header(int... fields) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(fields.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int f : fields) {
      b.putInt(f);
    }
    return Files.write(dir.resolve("h.bin"), b.array());
  }

  private static ModelFormatException failure(Path p) {
    try (MappedFile f = MappedFile.open(p)) {
      ModelFormatException e =
          assertThrows(ModelFormatException.class, () -> Llama2cCheckpoint.read(f));
      assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
      return e;
    }
  }

  private static void assertMentions(ModelFormatException e, String text) {
    assertTrue(e.getMessage().contains(text), "'" + text + "' in: " + e.getMessage());
  }

  @Test
  void readsTheHeaderAndTellsASharedClassifierFromASeparateOne() {
    for (boolean tied : new boolean[] {true, false}) {
      Path p = TinyModel.random(1, tied).writeLlama2c(dir, "m" + tied + ".bin");
      try (MappedFile f = MappedFile.open(p)) {
        Llama2cCheckpoint c = Llama2cCheckpoint.read(f);
        assertEquals(new Llama2cHeader(32, 64, 2, 4, 2, 40, 16, tied), c.header());
        assertEquals(tied, c.weights().classifier() == c.weights().tokenEmbedding());
      }
    }
  }

  /** The message of a file that cannot be a checkpoint: that first, then {@code detail}. */
  private static void assertNotAModel(ModelFormatException e, String detail) {
    assertMentions(e, ": not a GGUF or llama2.c model file: ");
    assertMentions(e, detail);
  }

  @Test
  void aFileShorterThanTheHeaderIsNotAModel() throws IOException {
    assertNotAModel(failure(header(1, 2, 3)), "too short for the 28-byte llama2.c header");
  }

  @Test
  void nonPositiveOrInconsistentFieldsAreNamed() throws IOException {
    assertNotAModel(failure(header(0, 64, 2, 4, 2, 40, 16)), "dim = 0");
    assertNotAModel(failure(header(32, -1, 2, 4, 2, 40, 16)), "hidden_dim = -1");
    assertNotAModel(failure(header(32, 64, 2, 4, 2, 0, 16)), "vocab_size = 0");
    assertNotAModel(failure(header(30, 64, 2, 4, 2, 40, 16)), "not a multiple of n_heads");
    assertNotAModel(failure(header(32, 64, 2, 4, 3, 40, 16)), "n_kv_heads 3");
  }

  @Test
  void newerExportVersionsAreRecognisedAndRefused() throws IOException {
    ModelFormatException e = failure(header(0x616b3432, 2, 0, 0, 0, 0, 0));
    assertMentions(e, "version 2");
    assertTrue(!e.getMessage().contains("not a GGUF"), "it is a llama2.c file: " + e.getMessage());
  }

  @Test
  void aFileShorterThanItsHeaderPromisesIsTruncated() throws IOException {
    Path p = TinyModel.random(1, true).writeLlama2c(dir, "full.bin");
    byte[] bytes = Files.readAllBytes(p);
    Path cut = Files.write(dir.resolve("cut.bin"), Arrays.copyOf(bytes, bytes.length - 4));
    assertNotAModel(
        failure(cut),
        "describes a file of " + bytes.length + " bytes but it has " + (bytes.length - 4)
            + " (truncated)");
    // an unshared classifier needs vocab * dim more floats than the file holds
    bytes[20] = (byte) -40;
    bytes[21] = bytes[22] = bytes[23] = (byte) 0xFF;
    assertNotAModel(failure(Files.write(dir.resolve("neg.bin"), bytes)), "truncated");
  }

  @Test
  void aFileLongerThanItsHeaderPromisesIsNotAModel() throws IOException {
    // with a shared classifier flagged, an unshared checkpoint's classifier is left over
    Path untied = TinyModel.random(1, false).writeLlama2c(dir, "untied.bin");
    byte[] bytes = Files.readAllBytes(untied);
    bytes[20] = 40;
    bytes[21] = bytes[22] = bytes[23] = 0;
    int tiedBytes = bytes.length - TinyModel.VOCAB * TinyModel.DIM * 4;
    assertNotAModel(
        failure(Files.write(dir.resolve("tied.bin"), bytes)),
        "describes a file of " + tiedBytes + " bytes but it has " + bytes.length
            + " (trailing bytes)");
  }

  @Test
  void anAbsurdHeaderFailsWithoutAllocating() throws IOException {
    int big = Integer.MAX_VALUE - 1;
    // sizes overflow 64 bits (seq_len within ModelConfig.MAX_CONTEXT_LENGTH, checked before)
    assertNotAModel(failure(header(1 << 30, big, big, 1 << 28, 1 << 28, big, 1 << 24)), "absurd");
    // sizes fit in 64 bits but not in the file
    assertNotAModel(failure(header(1 << 20, 1 << 20, 4, 4, 4, 1 << 20, 1 << 20)), "truncated");
  }

  @Test
  void readsATokenizerFileAndRejectsOneOfAnotherSizeOrANegativeLength() throws IOException {
    Path tok = TinyModel.writeTokenizer(dir, "tok.bin");
    try (MappedFile f = MappedFile.open(tok)) {
      var v = Llama2cTokenizerReader.read(f, 40);
      assertEquals(40, v.size());
      assertEquals(" hello", v.pieces().get(39));
      assertEquals(-10f, v.scores()[39]);
      for (int vocab : new int[] {39, 41, 1 << 30}) {
        ModelFormatException e =
            assertThrows(ModelFormatException.class, () -> Llama2cTokenizerReader.read(f, vocab));
        assertEquals(tok.toString(), e.source());
        assertMentions(e, "holds 40 tokens but the model's vocabulary has " + vocab);
      }
    }
    byte[] whole = Files.readAllBytes(tok);
    Path cut = Files.write(dir.resolve("cut.bin"), Arrays.copyOf(whole, whole.length - 3));
    try (MappedFile f = MappedFile.open(cut)) {
      ModelFormatException e =
          assertThrows(ModelFormatException.class, () -> Llama2cTokenizerReader.read(f, 40));
      assertMentions(e, "truncated: bytes of token 39");
    }
    byte[] bytes = Files.readAllBytes(tok);
    bytes[8] = (byte) 0xFF; // first token's length becomes negative
    bytes[9] = bytes[10] = bytes[11] = (byte) 0xFF;
    Path bad = Files.write(dir.resolve("bad.bin"), bytes);
    try (MappedFile f = MappedFile.open(bad)) {
      ModelFormatException e =
          assertThrows(ModelFormatException.class, () -> Llama2cTokenizerReader.read(f, 40));
      assertTrue(e.getMessage().contains("token 0 has negative length"), e.getMessage());
    }
  }
}
