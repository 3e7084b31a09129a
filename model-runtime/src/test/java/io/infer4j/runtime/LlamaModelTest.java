package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ModelFormatException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.runtime.internal.embedded.EmbeddedModel;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.testing.TinyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class LlamaModelTest {
  private static final int[] TOKENS = {1, 5, 17, 30, 3, 39, 12, 8};

  @TempDir Path dir;

  private LlamaModel llama2c(TinyModel m) {
    Path bin = m.writeLlama2c(dir, "tiny.bin");
    Path tok = TinyModel.writeTokenizer(dir, "tiny-tok.bin");
    return LlamaModel.load(bin, ModelOptions.defaults().withTokenizer(tok));
  }

  private static float[][] logits(LlamaModel model) {
    Session s = model.newSession();
    float[][] out = new float[TOKENS.length][];
    for (int i = 0; i < TOKENS.length; i++) {
      out[i] = s.forward(TOKENS[i]).clone();
    }
    return out;
  }

  // K-quant rows are 256 wide, wider than TinyModel: BlockTypeModelsTest covers them
  @ParameterizedTest
  @EnumSource(value = GgmlType.class, names = {"Q4_K", "Q5_K", "Q6_K"}, mode = EnumSource.Mode.EXCLUDE)
  void aGgufOfEachTensorTypeGivesTheLogitsOfItsDequantizedFloat32Twin(GgmlType type) {
    for (boolean tied : new boolean[] {true, false}) {
      TinyModel m = TinyModel.random(7, tied);
      Path gguf = m.writeGguf(dir, "tiny-" + type + tied + ".gguf", type, TinyModel.SEQ);
      try (LlamaModel a = LlamaModel.load(gguf);
          LlamaModel b = llama2c(m.quantized(type))) {
        assertEquals(ModelFormat.GGUF, a.format());
        assertEquals(ModelFormat.LLAMA2C, b.format());
        assertEquals(a.config(), b.config());
        float[][] la = logits(a);
        float[][] lb = logits(b);
        for (int i = 0; i < TOKENS.length; i++) {
          assertArrayEquals(lb[i], la[i], 0f, type + " tied=" + tied + " position " + i);
        }
      }
    }
  }

  @Test
  void quantizationChangesTheLogitsSoTheTwinComparisonIsMeaningful() {
    TinyModel m = TinyModel.random(7, true);
    try (LlamaModel f32 = llama2c(m);
        LlamaModel q4 = LlamaModel.load(m.writeGguf(dir, "q4.gguf", GgmlType.Q4_0, 16))) {
      assertNotEquals(logits(f32)[3][0], logits(q4)[3][0]);
    }
  }

  @Test
  void theConfigComesFromTheLlama2cHeaderWithRuncConstants() {
    try (LlamaModel m = llama2c(TinyModel.random(1, true))) {
      assertEquals(new ModelConfig(32, 64, 2, 4, 2, 40, 16, 10000f, 1e-5f), m.config());
      assertEquals(8, m.config().headSize());
      assertEquals(16, m.config().kvDim());
      assertEquals(40, m.tokenizer().vocabularySize());
    }
  }

  @Test
  void aSessionRefusesTokensPastTheContextUnlessTheContextIsRaised() {
    TinyModel m = TinyModel.random(2, true);
    Path gguf = m.writeGguf(dir, "ctx.gguf", GgmlType.F32, 4);
    try (LlamaModel model = LlamaModel.load(gguf)) {
      Session s = model.newSession();
      for (int i = 0; i < 4; i++) {
        s.forward(1);
      }
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.forward(1));
      assertTrue(e.getMessage().contains("context is full: 4"), e.getMessage());
    }
    try (LlamaModel model = LlamaModel.load(gguf, ModelOptions.defaults().withContextLength(6))) {
      Session s = model.newSession();
      for (int i = 0; i < 6; i++) {
        s.forward(1);
      }
      assertEquals(6, s.position());
    }
  }

  @Test
  void closingIsIdempotentAndLaterForwardPassesFailWithIllegalState() {
    LlamaModel m = llama2c(TinyModel.random(4, true));
    Session s = m.newSession();
    s.forward(1);
    m.close();
    m.close();
    assertThrows(IllegalStateException.class, () -> s.forward(2));
  }

  /**
   * In {@code VECTOR_INT8} the embedded Q8_0 model's matrices are regrouped at load into memory
   * the model owns (where 512-bit lanes are native): closing frees it once, however often called,
   * and a session's next step then fails as on the mapping.
   */
  @Test
  void closingAnInt8ModelWithRegroupedWeightsIsIdempotentToo() {
    Path file = EmbeddedModel.extract(dir);
    LlamaModel m = LlamaModel.load(file, ModelOptions.defaults().withKernels(KernelMode.VECTOR_INT8));
    Session s = m.newSession();
    float[] logits = s.forward(1).clone();
    try (LlamaModel file8 = LlamaModel.load(file,
        ModelOptions.defaults().withKernels(KernelMode.VECTOR))) {
      float[] floats = file8.newSession().forward(1);
      assertEquals(floats.length, logits.length);
      float largest = 0;
      for (float f : floats) {
        largest = Math.max(largest, Math.abs(f));
      }
      for (int i = 0; i < logits.length; i++) { // int8 activations: near the float path
        assertEquals(floats[i], logits[i], 0.03f * largest, "logit " + i);
      }
    }
    m.close();
    m.close();
    assertThrows(IllegalStateException.class, () -> s.forward(2));
  }

  @Test
  void aTokenOutsideTheVocabularyIsRejected() {
    try (LlamaModel m = llama2c(TinyModel.random(3, true))) {
      assertThrows(IndexOutOfBoundsException.class, () -> m.newSession().forward(40));
    }
  }

  @Test
  void aLlama2cCheckpointWithoutATokenizerFileIsModelNotFound() {
    Path bin = TinyModel.random(1, true).writeLlama2c(dir, "alone.bin");
    ModelNotFoundException e =
        assertThrows(ModelNotFoundException.class, () -> LlamaModel.load(bin));
    assertTrue(e.getMessage().contains("tokenizer.bin"), e.getMessage());
  }

  @Test
  void aMissingModelFileIsModelNotFound() {
    assertThrows(ModelNotFoundException.class, () -> LlamaModel.load(dir.resolve("none.gguf")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"llama.block_count", "llama.embedding_length", "tokenizer.ggml.tokens"})
  void aGgufWithoutARequiredKeyNamesTheKey(String key) throws IOException {
    Path gguf = TinyModel.random(1, true).writeGguf(dir, "k.gguf", GgmlType.F32, 16);
    byte[] bytes = Files.readAllBytes(gguf);
    // rename the key in place: same length, so the file stays well-formed
    String renamed = key.substring(0, key.length() - 1) + "#";
    replace(bytes, key, renamed);
    Path broken = Files.write(dir.resolve("missing.gguf"), bytes);
    ModelFormatException e =
        assertThrows(ModelFormatException.class, () -> LlamaModel.load(broken));
    assertTrue(e.getMessage().contains(key), e.getMessage());
    assertTrue(e.getMessage().contains("missing.gguf"), e.getMessage());
  }

  @Test
  void aGgufWithAMissingTensorOrAnotherArchitectureIsAFormatError() throws IOException {
    Path gguf = TinyModel.random(1, true).writeGguf(dir, "t.gguf", GgmlType.F32, 16);
    byte[] bytes = Files.readAllBytes(gguf);
    replace(bytes, "blk.1.ffn_up.weight", "blk.1.ffn_up.weighx");
    Path noTensor = Files.write(dir.resolve("notensor.gguf"), bytes);
    ModelFormatException e =
        assertThrows(ModelFormatException.class, () -> LlamaModel.load(noTensor));
    assertTrue(e.getMessage().contains("missing tensor blk.1.ffn_up.weight"), e.getMessage());

    bytes = Files.readAllBytes(gguf);
    replace(bytes, "\u0005\0\0\0\0\0\0\0llama", "\u0005\0\0\0\0\0\0\0gemma");
    Path gemma = Files.write(dir.resolve("gemma.gguf"), bytes);
    e = assertThrows(ModelFormatException.class, () -> LlamaModel.load(gemma));
    assertTrue(e.getMessage().contains("general.architecture = gemma"), e.getMessage());
  }

  @Test
  void aTensorOfTheWrongShapeIsNamed() {
    // a llama2.c header that promises a wider FFN than the GGUF-style checks allow is covered in
    // Llama2cCheckpointTest; here the GGUF says 4 heads of KV but the tensors hold 2
    TinyModel m = TinyModel.random(1, true);
    Path gguf = m.writeGguf(dir, "shape.gguf", GgmlType.F32, 16);
    try {
      byte[] bytes = Files.readAllBytes(gguf);
      int at = indexOf(bytes, "llama.attention.head_count_kv".getBytes()) + 29 + 4;
      bytes[at] = 4;
      Path broken = Files.write(dir.resolve("shape2.gguf"), bytes);
      ModelFormatException e =
          assertThrows(ModelFormatException.class, () -> LlamaModel.load(broken));
      assertTrue(e.getMessage().contains("blk.0.attn_k.weight"), e.getMessage());
      assertTrue(e.getMessage().contains("expected (32, 32)"), e.getMessage());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void replace(byte[] bytes, String from, String to) {
    byte[] f = from.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] t = to.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int i = indexOf(bytes, f);
    assertTrue(i >= 0, from + " not found");
    System.arraycopy(t, 0, bytes, i, t.length);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
