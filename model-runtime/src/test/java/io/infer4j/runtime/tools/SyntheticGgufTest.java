package io.infer4j.runtime.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.KernelMode;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.ModelOptions;
import io.infer4j.runtime.Session;
import io.infer4j.runtime.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The generator's files read back with the runtime's own reader and run a forward step. */
class SyntheticGgufTest {
  private static final LlamaShape TINY = new LlamaShape(64, 2, 4, 2, 96, 16);

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(names = {"F16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1"}) // K-quants: the next test
  void aTinyFileLoadsWithTheLlama2VocabularyAndRunsAForwardStep(SyntheticType type) {
    Path vocab = SharedFiles.model("ggml-vocab-llama-spm.gguf");
    Path file = dir.resolve("tiny-" + type + ".gguf");
    SyntheticGguf.write(file, vocab, TINY, type, 7);
    assertFalse(Files.exists(dir.resolve("tiny-" + type + ".gguf.part")), "no partial file left");
    for (KernelMode mode : KernelMode.values()) {
      try (LlamaModel model = LlamaModel.load(file, ModelOptions.defaults().withKernels(mode))) {
        assertEquals(64, model.config().dim());
        assertEquals(2, model.config().kvHeads());
        assertEquals(32000, model.config().vocabSize());
        assertArrayEquals(
            new int[] {1, 15043, 3186}, model.tokenizer().encode("Hello world", true, false));
        Session session = model.newSession();
        float[] logits = session.forward(1);
        assertEquals(32000, logits.length);
        for (float v : logits) {
          assertTrue(Float.isFinite(v), "finite logits");
        }
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameBytes() throws Exception {
    Path vocab = SharedFiles.model("ggml-vocab-llama-spm.gguf");
    SyntheticGguf.write(dir.resolve("a.gguf"), vocab, TINY, SyntheticType.Q8_0, 3);
    SyntheticGguf.write(dir.resolve("b.gguf"), vocab, TINY, SyntheticType.Q8_0, 3);
    assertEquals(-1L, Files.mismatch(dir.resolve("a.gguf"), dir.resolve("b.gguf")));
  }

  @Test
  void aShapeWhoseHeadsDoNotDivideTheWidthIsRejected() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> new LlamaShape(64, 1, 3, 1, 96, 16));
    assertTrue(e.getMessage().contains("heads 3"), e.getMessage());
  }

  @Test
  void headsWiderThanTheWidthOverTheHeadCountAreWrittenForQwen3Only() {
    Path vocab = SharedFiles.model("ggml-vocab-llama-spm.gguf");
    LlamaShape wide = new LlamaShape(64, 1, 4, 2, 96, 16, 32);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SyntheticGguf.write(dir.resolve("w.gguf"), vocab, wide, SyntheticType.F16, 1, false,
            SyntheticArchitecture.QWEN2, false));
    assertTrue(e.getMessage().contains("qwen3 only"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q5_K", "Q6_K"})
  void kQuantsNeedRowsOfWholeSuperBlocks(SyntheticType type) {
    Path vocab = SharedFiles.model("ggml-vocab-llama-spm.gguf");
    Path file = dir.resolve("k-" + type + ".gguf");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SyntheticGguf.write(file, vocab, TINY, type, 7));
    assertTrue(e.getMessage().contains("multiples of 256"), e.getMessage());
    assertFalse(Files.exists(file), "nothing written");
  }
}
