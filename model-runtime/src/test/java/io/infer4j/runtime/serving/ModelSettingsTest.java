package io.infer4j.runtime.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceRequest;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.runtime.ChatFormat;
import io.infer4j.runtime.ChatTemplateChoice;
import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.testing.TinyModel;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.Capability;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSettingsTest {
  @TempDir Path dir;

  private static BackendConfig config(String... pairs) {
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return BackendConfig.ofMap("gpu", "gpu", m);
  }

  @Test
  void theKernelsKeyTakesVectorInt8AndNamesTheChoicesWhenWrong() {
    assertEquals(io.infer4j.runtime.KernelMode.VECTOR_INT8,
        ModelSettings.from(config("model", "m.gguf", "kernels", "vector-int8")).kernels());
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> ModelSettings.from(config("model", "m.gguf", "kernels", "int8")));
    assertEquals("infer4j.backends.gpu.kernels", e.key());
    assertTrue(e.getMessage().contains("'auto', 'ggml', 'vector-int8', 'vector' or 'reference'"),
        e.getMessage());
  }

  @Test
  void theKernelsKeyTakesLlamaCppsArithmetic() { // with or without the Vector API module
    assertEquals(io.infer4j.runtime.KernelMode.GGML,
        ModelSettings.from(config("model", "m.gguf", "kernels", "GGML")).kernels());
  }

  @Test
  void withoutTheKeyTheKernelsAreChosenPerFile() { // LlamaModelKernelsTest: what auto picks
    assertEquals(io.infer4j.runtime.KernelMode.AUTO,
        ModelSettings.from(config("model", "m.gguf")).kernels());
    assertEquals(io.infer4j.runtime.KernelMode.AUTO,
        ModelSettings.from(config("model", "m.gguf", "kernels", "Auto")).kernels());
    assertEquals(io.infer4j.runtime.KernelMode.VECTOR,
        ModelSettings.from(config("model", "m.gguf", "kernels", "vector")).kernels());
  }

  @Test
  void withoutTheKeyChatsUseTheModelFilesTemplate() {
    assertEquals(Optional.empty(), ModelSettings.from(config("model", "m.gguf")).chatTemplate());
  }

  @Test
  void theChatTemplateKeyChoosesAFormat() {
    ModelSettings s = ModelSettings.from(config("model", "m.gguf", "chat-template", "chatml"));
    assertEquals(Optional.of(ChatTemplateChoice.of(ChatFormat.CHATML)), s.chatTemplate());
  }

  @Test
  void aBadChatTemplateNamesTheFullKeyTheValueAndTheChoices() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> ModelSettings.from(config("model", "m.gguf", "chat-template", "alpaca")));
    assertEquals("infer4j.backends.gpu.chat-template", e.key());
    assertEquals("alpaca", e.value());
    assertTrue(e.getMessage().contains("llama3, chatml, llama2"), e.getMessage());
  }

  @Test
  void aChosenTemplateTheModelCannotTakeFailsAtLoadNamingTheKey() {
    TinyModel m = TinyModel.random(2, true);
    Path bin = m.writeLlama2c(dir, "tiny.bin"); // llama2.c tokenizers mark no special tokens
    Path tok = TinyModel.writeTokenizer(dir, "tok.bin");
    ModelSettings s = ModelSettings.from(config("model", bin.toString(), "tokenizer",
        tok.toString(), "chat-template", "llama2"));

    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, () -> s.load("gpu"));
    assertEquals("infer4j.backends.gpu.chat-template", e.key());
    assertTrue(e.getMessage().contains("special (control) token"), e.getMessage());
    assertTrue(e.getMessage().contains(bin.toString()), e.getMessage());
  }

  @Test
  void theLoadedModelServesChatsWithTheChosenTemplate() {
    Path gguf = TinyModel.random(2, true).writeGguf(dir, "plain.gguf", GgmlType.F32, 32);
    try (ServingModel plain = ModelSettings.from(config("model", gguf.toString())).load("gpu")) {
      assertFalse(plain.supportsChat());
      assertFalse(plain.capabilities().contains(Capability.CHAT));
    }
    ModelSettings chosen =
        ModelSettings.from(config("model", gguf.toString(), "chat-template", "llama2"));
    try (ServingModel model = chosen.load("gpu")) {
      assertTrue(model.capabilities().contains(Capability.CHAT));
      assertEquals(ChatFormat.LLAMA2, model.chatTemplate().format());
      InferenceRequest chat = InferenceRequest.builder().user("ab").maxTokens(2).build();
      assertEquals(model.chatTemplate().encode(chat.messages(), true).length,
          model.promptTokens(chat));
    }
  }

  @Test
  void theWarmUpKeyTakesADurationZeroForNone() {
    assertEquals(ModelSettings.DEFAULT_WARM_UP, ModelSettings.from(config("model", "m.gguf")).warmUp());
    assertEquals(java.time.Duration.ZERO,
        ModelSettings.from(config("model", "m.gguf", "warm-up", "0s")).warmUp());
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> ModelSettings.from(config("model", "m.gguf", "warm-up", "soon")));
    assertEquals("infer4j.backends.gpu.warm-up", e.key());
  }

  @Test
  void aContextLengthPastAnyModelIsRefusedNamingTheKeyTheValueAndTheLimit() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> ModelSettings.from(config("model", "m.gguf", "context-length", "2000000000")));
    assertEquals("infer4j.backends.gpu.context-length", e.key());
    assertEquals("2000000000", e.value());
    assertTrue(e.problem().contains("at most " + ModelConfig.MAX_CONTEXT_LENGTH), e.getMessage());
  }
}
