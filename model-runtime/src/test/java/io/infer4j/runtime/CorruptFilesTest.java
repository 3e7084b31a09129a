package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.testing.TinyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomly corrupted model files either load or fail with {@link ModelFormatException}: never
 * another exception, an out-of-memory error or a hang. Corruption targets the header region, where
 * the parsers make their decisions.
 */
class CorruptFilesTest {
  @TempDir Path dir;

  private int loaded;
  private int rejected;

  private void loadOrReject(Path file, ModelOptions options) {
    try (LlamaModel m = LlamaModel.load(file, options)) {
      m.newSession().forward(1);
      loaded++;
    } catch (ModelFormatException e) {
      // a corrupted model header may also make its (intact) tokenizer file unreadable
      String tokenizer = options.tokenizerFile().map(Path::toString).orElse(file.toString());
      assertTrue(
          e.getMessage().contains(file.toString()) || e.getMessage().contains(tokenizer),
          e.getMessage());
      rejected++;
    } catch (IndexOutOfBoundsException e) {
      // a corrupted BOS id may name a token outside the vocabulary: forward(1) is then invalid
      loaded++;
    }
  }

  private static byte[] mutate(byte[] original, Random r, int headerBytes) {
    byte[] b = original.clone();
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = r.nextInt(Math.min(headerBytes, b.length));
      b[at] =
          switch (r.nextInt(4)) {
            case 0 -> (byte) r.nextInt(256);
            case 1 -> (byte) 0xFF;
            case 2 -> 0;
            default -> (byte) (b[at] ^ (1 << r.nextInt(8)));
          };
    }
    return b;
  }

  @Test
  void corruptedGgufHeadersLoadOrFailWithAFormatError() throws IOException {
    byte[] good =
        Files.readAllBytes(TinyModel.random(5, true).writeGguf(dir, "ok.gguf", GgmlType.Q8_0, 16));
    Random r = new Random(12345);
    for (int i = 0; i < 1500; i++) {
      Path p = Files.write(dir.resolve("fuzz.gguf"), mutate(good, r, 2600));
      loadOrReject(p, ModelOptions.defaults());
    }
    assertTrue(rejected > 100, "most corruptions are detected: " + rejected);
  }

  @Test
  void corruptedLlama2cFilesLoadOrFailWithAFormatError() throws IOException {
    Path tok = TinyModel.writeTokenizer(dir, "tok.bin");
    byte[] good = Files.readAllBytes(TinyModel.random(5, true).writeLlama2c(dir, "ok.bin"));
    byte[] goodTok = Files.readAllBytes(tok);
    Random r = new Random(54321);
    for (int i = 0; i < 500; i++) {
      Path p = Files.write(dir.resolve("fuzz.bin"), mutate(good, r, 28));
      loadOrReject(p, ModelOptions.defaults().withTokenizer(tok));
      Path t = Files.write(dir.resolve("fuzz-tok.bin"), mutate(goodTok, r, goodTok.length));
      try (LlamaModel m =
          LlamaModel.load(dir.resolve("ok.bin"), ModelOptions.defaults().withTokenizer(t))) {
        assertTrue(m.tokenizer().vocabularySize() == 40);
        loaded++;
      } catch (ModelFormatException e) {
        assertTrue(e.getMessage().contains(t.toString()), e.getMessage());
        rejected++;
      }
    }
    assertTrue(rejected > 50, "most corruptions are detected: " + rejected);
  }
}
