package io.infer4j.runtime.serving.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.EmbeddingRequest;
import io.infer4j.InferenceRequest;
import io.infer4j.InvalidRequestException;
import io.infer4j.runtime.Generator;
import io.infer4j.runtime.ChatTemplate;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.Samplers;
import io.infer4j.runtime.testing.ChatVocabularies;
import io.infer4j.runtime.testing.TinyModel;
import io.infer4j.spi.Deadline;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptEncoderTest {

  @TempDir Path dir;

  @Test
  void aSentencePieceRawPromptIsBosAndTheTextAsRuncEncodesIt() {
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

  /**
   * A Qwen2-shaped file over a byte-level vocabulary without {@code tokenizer.ggml.add_bos_token}
   * ({@code tokenizer.ggml.pre = qwen2}): llama.cpp starts its prompts with the text, no BOS, and
   * so does a raw prompt here; an empty text then has no token, refused by name.
   */
  @Test
  void aQwenRawPromptStartsWithItsTextAndAnEmptyOneIsRefused() {
    try (LlamaModel model = LlamaModel.load(ChatVocabularies.qwen2Model(dir))) {
      assertFalse(model.tokenizer().addsBos());
      int[] text = model.tokenizer().encode("hi there", false, false);
      assertArrayEquals(text, PromptEncoder.encode(model, InferenceRequest.ofPrompt("hi there")).ids());
      var empty = assertThrows(InvalidRequestException.class,
          () -> PromptEncoder.encode(model, InferenceRequest.ofPrompt("")));
      assertEquals("prompt", empty.field());
      assertTrue(empty.getMessage().contains("no BOS"), empty.getMessage());
      var generation = assertThrows(InvalidRequestException.class,
          () -> Generator.completion(model, new int[0], Samplers.greedy(), 4));
      assertEquals("prompt", generation.field());
      var embedding = assertThrows(InvalidRequestException.class, () -> Embedder.embed(model,
          "qwen2", "local", EmbeddingRequest.of("hi", ""), Deadline.none()));
      assertEquals("inputs[1]", embedding.field());
      assertTrue(embedding.getMessage().contains("BOS"), embedding.getMessage());
    }
  }
}
