package io.infer4j.runtime.internal.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.KernelMode;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.ModelOptions;
import io.infer4j.runtime.Sampler;
import io.infer4j.runtime.Samplers;
import io.infer4j.runtime.internal.gguf.GgufFile;
import io.infer4j.runtime.internal.kernels.Kernels;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.testing.SharedFiles;
import io.infer4j.runtime.testing.TinyModel;
import io.infer4j.runtime.tools.LlamaShape;
import io.infer4j.runtime.tools.SyntheticArchitecture;
import io.infer4j.runtime.tools.SyntheticGguf;
import io.infer4j.runtime.tools.SyntheticType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Qwen2- and Qwen3-shaped GGUF files (synthetic: seeded random weights, the GPT-2 vocabulary under
 * {@code tokenizer.ggml.pre = qwen2}) load with their architecture's keys and tensors, and the
 * fast kernels match the reference pass on them: logits within 1e-3 (float rounding, as on
 * stories260K) and the same greedy tokens.
 */
class QwenGgufTest {
  private static final LlamaShape QWEN2 = new LlamaShape(64, 2, 4, 2, 96, 64);
  /** Heads of 32 over a width of 64 (queries 128 wide), as Qwen3 0.6B's 16 x 128 over 1024. */
  private static final LlamaShape QWEN3 = new LlamaShape(64, 2, 4, 2, 96, 64, 32);
  private static final Sampler GREEDY = Samplers.greedy();
  private static final int[] PROMPT = {9906, 1917, 11, 40, 1101, 257, 1332, 13, 383, 3290, 318};

  @TempDir Path dir;

  private Path write(SyntheticArchitecture arch, SyntheticType type, boolean tied) {
    Path file = dir.resolve(arch + "-" + type + (tied ? "-tied" : "") + ".gguf");
    LlamaShape shape = arch == SyntheticArchitecture.QWEN3 ? QWEN3 : QWEN2;
    SyntheticGguf.write(file, SharedFiles.model("ggml-vocab-gpt-2.gguf"), shape, type, 5, false,
        arch, tied);
    return file;
  }

  @ParameterizedTest
  @EnumSource(names = {"QWEN2", "QWEN3"})
  void aQwenFileLoadsWithItsKeysItsExtraTensorsAndATiedClassifier(SyntheticArchitecture arch) {
    try (GgufFile file = GgufFile.open(write(arch, SyntheticType.F16, true))) {
      ModelConfig c = GgufLlamaLoader.config(file, 0);
      LlamaWeights w = GgufLlamaLoader.weights(file, c);
      boolean qwen3 = arch == SyntheticArchitecture.QWEN3;
      assertEquals(qwen3 ? Architecture.QWEN3 : Architecture.QWEN2, w.architecture());
      assertEquals(64, c.dim());
      assertEquals(64, c.contextLength());
      assertEquals(50257, c.vocabSize());
      assertEquals(qwen3 ? 32 : 16, c.headSize());
      assertEquals(qwen3 ? 128 : 64, c.queryDim());
      assertEquals(1e6f, c.ropeBase());
      assertEquals(1e-6f, c.rmsEps());
      assertSame(w.tokenEmbedding(), w.classifier(), "no output.weight: tied");
      LayerWeights l = w.layers().get(1);
      assertEquals(qwen3 ? 0 : 64, l.qBias().length);
      assertEquals(qwen3 ? 0 : 32, l.kBias().length);
      assertEquals(qwen3 ? 32 : 0, l.qNorm().length);
      assertEquals(qwen3 ? 32 : 0, l.kNorm().length);
      assertEquals(qwen3 ? 128 : 64, l.wo().cols());
      assertEquals(arch.key() + ".context_length", GgufLlamaLoader.contextLengthKey(file));
    }
  }

  @ParameterizedTest
  @CsvSource({"QWEN2, F16", "QWEN2, Q8_0", "QWEN3, F16", "QWEN3, Q8_0"})
  void theFastKernelsMatchTheReferencePassOnAQwenFile(SyntheticArchitecture arch,
      SyntheticType type) {
    try (GgufFile file = GgufFile.open(write(arch, type, false))) {
      ModelConfig config = GgufLlamaLoader.config(file, 0);
      LlamaWeights weights = GgufLlamaLoader.weights(file, config);
      for (int maxBatch : new int[] {1, 4}) {
        LlamaForward reference = new LlamaForward(config, weights, Kernels.reference());
        BatchedLlamaForward fast =
            new BatchedLlamaForward(config, weights, Kernels.vector(), maxBatch);
        float[] expected = null;
        for (int p = 0; p < PROMPT.length; p++) {
          expected = reference.forward(PROMPT[p], p);
        }
        float[] actual = fast.forward(PROMPT, 0);
        String what = arch + " " + type + ", batches of " + maxBatch;
        assertArrayEquals(expected, actual, 1e-3f, what + ": prompt");
        int pos = PROMPT.length;
        for (int step = 0; step < 12; step++, pos++) {
          int want = GREEDY.sample(expected);
          assertEquals(want, GREEDY.sample(actual), what + ": greedy token " + step);
          expected = reference.forward(want, pos);
          actual = fast.forward(new int[] {want}, pos);
          assertArrayEquals(expected, actual, 1e-3f, what + ": decode step " + step);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"QWEN2", "QWEN3"})
  void aQwenFileRunsThroughTheModelApiWithTheQwen2PreTokenizer(SyntheticArchitecture arch) {
    Path file = write(arch, SyntheticType.Q8_0, false);
    float[] reference = null;
    for (KernelMode mode : KernelMode.values()) {
      try (LlamaModel model = LlamaModel.load(file, ModelOptions.defaults().withKernels(mode))) {
        // Qwen2's pre-tokenizer splits digits one by one (GPT-2's keeps "123" whole)
        int[] ids = model.tokenizer().encode("123", false, false);
        assertEquals(3, ids.length, java.util.Arrays.toString(ids));
        float[] logits = model.newSession().forward(ids[0]).clone();
        for (float v : logits) {
          assertTrue(Float.isFinite(v), mode + ": finite logits");
        }
        if (mode == KernelMode.REFERENCE) {
          reference = logits;
        } else if (mode == KernelMode.VECTOR) {
          assertArrayEquals(reference, logits, 1e-3f, mode + " against " + KernelMode.REFERENCE);
        }
      }
    }
  }

  @Test
  void aQwen2FileWithoutAKeyBiasNamesTheTensorAndTheArchitecture() throws IOException {
    Path file = write(SyntheticArchitecture.QWEN2, SyntheticType.F16, false);
    Path broken = rename(file, "blk.1.attn_k.bias", "blk.1.attn_k.biaz");
    ModelFormatException e =
        assertThrows(ModelFormatException.class, () -> LlamaModel.load(broken));
    assertTrue(e.getMessage().contains("missing tensor blk.1.attn_k.bias"), e.getMessage());
    assertTrue(e.getMessage().contains("general.architecture = qwen2"), e.getMessage());
  }

  @Test
  void aQwen3FileWithoutAQueryNormNamesTheTensorAndTheArchitecture() throws IOException {
    Path file = write(SyntheticArchitecture.QWEN3, SyntheticType.F16, false);
    Path broken = rename(file, "blk.0.attn_q_norm.weight", "blk.0.attn_q_norm.weighz");
    ModelFormatException e =
        assertThrows(ModelFormatException.class, () -> LlamaModel.load(broken));
    assertTrue(e.getMessage().contains("missing tensor blk.0.attn_q_norm.weight"), e.getMessage());
    assertTrue(e.getMessage().contains("general.architecture = qwen3"), e.getMessage());
  }

  @Test
  void anUnknownArchitectureIsRefusedNamingItAndTheSupportedOnes() throws IOException {
    Path gguf = TinyModel.random(1, true).writeGguf(dir, "t.gguf", GgmlType.F32, 16);
    Path mamba = rename(gguf, "\u0005\0\0\0\0\0\0\0llama", "\u0005\0\0\0\0\0\0\0mamba");
    ModelFormatException e =
        assertThrows(ModelFormatException.class, () -> LlamaModel.load(mamba));
    assertTrue(e.getMessage().contains("general.architecture = mamba is not supported"),
        e.getMessage());
    assertTrue(e.getMessage().contains("supported: llama, qwen2, qwen3"), e.getMessage());
  }

  /** A copy of {@code file} with the first {@code from} replaced by {@code to}, as long. */
  private Path rename(Path file, String from, String to) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    byte[] f = from.getBytes(StandardCharsets.ISO_8859_1);
    byte[] t = to.getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(f.length, t.length);
    for (int i = 0; i + f.length <= bytes.length; i++) {
      if (java.util.Arrays.equals(bytes, i, i + f.length, f, 0, f.length)) {
        System.arraycopy(t, 0, bytes, i, t.length);
        return Files.write(dir.resolve("renamed-" + file.getFileName()), bytes);
      }
    }
    throw new AssertionError(from + " not in " + file);
  }
}
