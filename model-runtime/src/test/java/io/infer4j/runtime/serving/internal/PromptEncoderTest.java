package io.infer4j.runtime.serving.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.InferenceRequest;
import io.infer4j.runtime.ChatTemplate;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.testing.TinyModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptEncoderTest {

  @TempDir Path dir;

  @Test
  void aRawPromptIsBosAndTheTextAsRuncEncodesIt() {
    Path gguf = TinyModel.random(3, true).writeGguf(dir, "raw.gguf", GgmlType.F32, 32);
    try (LlamaModel model = LlamaModel.load(gguf)) {
      EncodedPrompt p = PromptEncoder.encode(model, InferenceRequest.ofPrompt("ab"));
      assertArrayEquals(model.tokenizer().encode("ab", true, false), p.ids());
      assertEquals("prompt", p.field());
      assertEquals(0, p.endOfTurn().length);
      assertArrayEquals(new int[] {model.tokenizer().bosId()},
          PromptEncoder.encode(model, InferenceRequest.ofPrompt("")).ids());
    }
  }

  @Test
  void aChatStopsAlsoAtTheTemplatesEndOfTurnTokens() {
    Path gguf = TinyModel.random(3, true)
        .writeGguf(dir, "chat.gguf", GgmlType.F32, 64, "{{ '[INST] <<SYS>>' }}");
    try (LlamaModel model = LlamaModel.load(gguf)) {
      ChatTemplate chat = ChatTemplate.forModel(model);
      InferenceRequest r = InferenceRequest.ofUserMessage("hi");
      EncodedPrompt p = PromptEncoder.encode(model, r);
      assertArrayEquals(chat.encode(r.messages(), true), p.ids());
      assertArrayEquals(chat.stopTokenIds().stream().mapToInt(Integer::intValue).toArray(),
          p.endOfTurn());
      assertEquals("messages", p.field());
    }
  }
}
