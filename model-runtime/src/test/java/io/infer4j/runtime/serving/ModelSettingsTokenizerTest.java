package io.infer4j.runtime.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.runtime.KernelMode;
import io.infer4j.runtime.testing.TinyModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configured in-process backend names its own {@code tokenizer} key, not the Java option, when a
 * llama2.c checkpoint has no tokenizer.
 */
class ModelSettingsTokenizerTest {
  @TempDir Path dir;

  private ModelSettings settings(Path model, Path tokenizer) {
    return new ModelSettings(model.toString(), tokenizer, 0, KernelMode.REFERENCE);
  }

  @Test
  void aCheckpointWithoutATokenizerSettingOrFileNamesTheInstancesTokenizerKey() {
    Path bin = TinyModel.random(1, true).writeLlama2c(dir, "tiny.bin");
    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, () -> settings(bin, null).load("local"));
    assertEquals("infer4j.backends.local.tokenizer", e.key());
    assertNull(e.value());
    assertTrue(e.getMessage().startsWith("infer4j.backends.local.tokenizer (not set): "),
        e.getMessage());
    assertTrue(e.problem().contains("the llama2.c checkpoint " + bin), e.problem());
    assertTrue(e.problem().contains("no tokenizer.bin next to it"), e.problem());
    assertFalse(e.getMessage().contains("ModelOptions"), e.getMessage());
    assertInstanceOf(ModelNotFoundException.class, e.getCause());
  }

  @Test
  void aConfiguredTokenizerThatDoesNotExistIsModelNotFoundNamingIt() {
    Path bin = TinyModel.random(1, true).writeLlama2c(dir, "tiny.bin");
    Path missing = dir.resolve("tok.bin");
    ModelNotFoundException e =
        assertThrows(ModelNotFoundException.class, () -> settings(bin, missing).load("local"));
    assertEquals(missing.toString(), e.model());
  }

  @Test
  void aConfiguredTokenizerIsTheOneLoaded() {
    Path bin = TinyModel.random(1, true).writeLlama2c(dir, "tiny.bin");
    Path tok = TinyModel.writeTokenizer(dir, "tok.bin");
    try (ServingModel model = settings(bin, tok).load("local")) {
      assertEquals("tiny.bin", model.name());
    }
  }
}
