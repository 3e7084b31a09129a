package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ModelFormatException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.runtime.testing.TinyModel;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokenizer a llama2.c checkpoint loads with ({@code tokenizer.bin} next to it unless one is
 * given), and what is said when it is absent or made for a vocabulary of another size.
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
    assertTrue(e.getMessage().contains("no tokenizer was given, so tokenizer.bin next to the"
        + " checkpoint was tried"), e.getMessage());
    assertTrue(e.getMessage().contains("ModelOptions.withTokenizer"), e.getMessage());
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
    assertFalse(e.getMessage().contains("no tokenizer was given"), e.getMessage());
  }

  @Test
  void aMissingDefaultIsNamedWithTheOptionThatGivesATokenizer() {
    Path bin = checkpoint();
    ModelNotFoundException e =
        assertThrows(ModelNotFoundException.class, () -> LlamaModel.load(bin));
    Path beside = dir.resolve("tokenizer.bin");
    assertEquals(beside.toString(), e.model());
    assertTrue(e.getMessage().contains("ModelOptions.withTokenizer"), e.getMessage());
    assertEquals(Optional.of(beside), ModelOptions.defaults().missingDefaultTokenizer(e, bin));
  }

  @Test
  void aGivenTokenizerThatDoesNotExistIsNamedAsGivenWithoutAdvice() {
    Path bin = checkpoint();
    Path missing = dir.resolve("nope.bin");
    ModelOptions options = ModelOptions.defaults().withTokenizer(missing);
    ModelNotFoundException e =
        assertThrows(ModelNotFoundException.class, () -> LlamaModel.load(bin, options));
    assertEquals(missing.toString(), e.model());
    assertTrue(e.getMessage().contains("tokenizer file not found: " + missing), e.getMessage());
    assertFalse(e.getMessage().contains("withTokenizer"), e.getMessage());
    assertEquals(Optional.empty(), options.missingDefaultTokenizer(e, bin));
  }

  @Test
  void aMissingModelIsNotAMissingTokenizer() {
    Path none = dir.resolve("none.bin");
    ModelNotFoundException e =
        assertThrows(ModelNotFoundException.class, () -> LlamaModel.load(none));
    assertEquals(none.toString(), e.model());
    assertEquals(Optional.empty(), ModelOptions.defaults().missingDefaultTokenizer(e, none));
  }
}
