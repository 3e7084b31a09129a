package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.testing.TinyModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokenizer a llama2.c checkpoint loads with ({@code tokenizer.bin} next to it unless one is
 * given), and what is said when it was made for a vocabulary of another size.
 */
class Llama2cTokenizerFileTest {
  @TempDir Path dir;

  /** TinyModel's 40-token checkpoint, alone in {@link #dir}. */
  private Path checkpoint() {
    return TinyModel.random(1, true).writeLlama2c(dir, "tiny.bin");
  }

  @Test
  void theTokenizerBinNextToTheCheckpointIsTheDefault() {
    Path bin = checkpoint();
    TinyModel.writeTokenizer(dir, "tokenizer.bin");
    try (LlamaModel m = LlamaModel.load(bin)) {
      assertEquals(40, m.tokenizer().vocabularySize());
    }
  }

  @Test
  void aTokenizerNextToItMadeForAnotherVocabularyNamesItselfAndBothSizes() {
    Path bin = checkpoint();
    Path tok = TinyModel.writeTokenizer(dir, "tokenizer.bin", 41);
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> LlamaModel.load(bin));
    assertEquals(tok.toString(), e.source());
    assertTrue(e.getMessage().startsWith("bad model file " + tok + ": "), e.getMessage());
    assertTrue(
        e.getMessage().contains("holds 41 tokens but the model's vocabulary has 40"),
        e.getMessage());
  }

  @Test
  void aGivenTokenizerWithFewerTokensIsRefusedTheSameWay() {
    Path bin = checkpoint();
    Path tok = TinyModel.writeTokenizer(dir, "tok39.bin", 39);
    ModelFormatException e =
        assertThrows(
            ModelFormatException.class,
            () -> LlamaModel.load(bin, ModelOptions.defaults().withTokenizer(tok)));
    assertEquals(tok.toString(), e.source());
    assertTrue(
        e.getMessage().contains("holds 39 tokens but the model's vocabulary has 40"),
        e.getMessage());
  }
}
