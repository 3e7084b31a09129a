package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.testing.TinyModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that is neither GGUF nor a llama2.c checkpoint (which has no magic: its header fields
 * must be plausible and the file exactly as long as they say) is reported as such first, then by
 * what gave it away.
 */
class NotAModelFileTest {
  @TempDir Path dir;

  /** Loads {@code file} with a valid tokenizer, expecting "not a model" and then {@code detail}. */
  private void assertNotAModel(Path file, String detail) {
    Path tok = TinyModel.writeTokenizer(dir, "tok.bin");
    ModelFormatException e =
        assertThrows(
            ModelFormatException.class,
            () -> LlamaModel.load(file, ModelOptions.defaults().withTokenizer(tok)));
    assertEquals(file.toString(), e.source());
    assertTrue(
        e.getMessage().startsWith("bad model file " + file + ": not a GGUF or llama2.c model file: "),
        e.getMessage());
    assertTrue(e.getMessage().contains(detail), "'" + detail + "' in: " + e.getMessage());
  }

  @Test
  void aTextFileSaysSoBeforeTheHeaderFieldThatGaveItAway() throws IOException {
    Path readme = Files.writeString(dir.resolve("README.md"),
        "# infer4j\n\nA Java inference SDK: one client API over local and remote backends.\n");
    assertNotAModel(readme, "llama2.c header: dim ");
  }

  @Test
  void aFileShorterThanAnyHeaderIsNotAModel() throws IOException {
    assertNotAModel(Files.write(dir.resolve("tiny.txt"), new byte[] {'h', 'i', '\n'}), "3 bytes");
    assertNotAModel(Files.write(dir.resolve("empty"), new byte[0]), "0 bytes");
  }

  @Test
  void aCheckpointWithBytesAfterItsTensorsIsNotAModel() throws IOException {
    byte[] bytes = Files.readAllBytes(TinyModel.random(1, true).writeLlama2c(dir, "m.bin"));
    Path longer = Files.write(dir.resolve("longer.bin"), Arrays.copyOf(bytes, bytes.length + 4));
    assertNotAModel(
        longer,
        "describes a file of " + bytes.length + " bytes but it has " + (bytes.length + 4));
  }

  @Test
  void aCheckpointCutShortIsNotAModelAndSaysTruncated() throws IOException {
    byte[] bytes = Files.readAllBytes(TinyModel.random(1, false).writeLlama2c(dir, "m.bin"));
    Path cut = Files.write(dir.resolve("cut.bin"), Arrays.copyOf(bytes, bytes.length - 1));
    assertNotAModel(cut, "(truncated)");
  }

  @Test
  void checkpointsWithASharedOrASeparateClassifierOfExactlyTheRightSizeLoad() {
    Path tok = TinyModel.writeTokenizer(dir, "tok.bin");
    for (boolean tied : new boolean[] {true, false}) {
      Path bin = TinyModel.random(1, tied).writeLlama2c(dir, "m" + tied + ".bin");
      try (LlamaModel m = LlamaModel.load(bin, ModelOptions.defaults().withTokenizer(tok))) {
        assertEquals(ModelFormat.LLAMA2C, m.format());
      }
    }
  }

  @Test
  void aNewerLlama2cExportIsNamedAsOneNotAsAStrangeFile() throws IOException {
    byte[] bytes = new byte[256];
    byte[] ak42 = {0x32, 0x34, 0x6b, 0x61, 2, 0, 0, 0}; // magic "ak42" as int32, version 2
    System.arraycopy(ak42, 0, bytes, 0, ak42.length);
    Path v2 = Files.write(dir.resolve("v2.bin"), bytes);
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> LlamaModel.load(v2));
    assertTrue(e.getMessage().contains("llama2.c export of version 2"), e.getMessage());
    assertFalse(e.getMessage().contains("not a GGUF"), e.getMessage());
  }

  @Test
  void aCheckpointHeaderClaimingMorePositionsThanAnyModelSaysWhichField() throws IOException {
    ByteBuffer header = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(32).putInt(64).putInt(2).putInt(4).putInt(2).putInt(40).putInt(1 << 25);
    Path bin = Files.write(dir.resolve("long.bin"), header.array());
    assertNotAModel(bin, "llama2.c header field seq_len = 33554432 is more than any model's"
        + " context: at most " + ModelConfig.MAX_CONTEXT_LENGTH + " positions");
  }
}
