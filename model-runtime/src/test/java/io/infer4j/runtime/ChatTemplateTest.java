package io.infer4j.runtime;

import static io.infer4j.runtime.testing.ChatVocabularies.BEGIN_OF_TEXT;
import static io.infer4j.runtime.testing.ChatVocabularies.END_HEADER;
import static io.infer4j.runtime.testing.ChatVocabularies.END_OF_TEXT;
import static io.infer4j.runtime.testing.ChatVocabularies.ENDOFTEXT;
import static io.infer4j.runtime.testing.ChatVocabularies.EOT;
import static io.infer4j.runtime.testing.ChatVocabularies.HI;
import static io.infer4j.runtime.testing.ChatVocabularies.IM_END;
import static io.infer4j.runtime.testing.ChatVocabularies.IM_START;
import static io.infer4j.runtime.testing.ChatVocabularies.START_HEADER;
import static io.infer4j.runtime.testing.ChatVocabularies.spm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ChatMessage;
import io.infer4j.InvalidRequestException;
import io.infer4j.ModelFormatException;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.testing.ChatTemplates;
import io.infer4j.runtime.testing.ChatVocabularies;
import io.infer4j.runtime.testing.SharedFiles;
import io.infer4j.runtime.testing.TinyModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatTemplateTest {
  @TempDir Path dir;

  private static final List<ChatMessage> CHAT =
      List.of(
          ChatMessage.system("Be brief."),
          ChatMessage.user(" hi "),
          ChatMessage.assistant("hello"),
          ChatMessage.user("more"));

  private Tokenizer byteLevel(int bos, int eos) {
    return Tokenizers.fromGguf(ChatVocabularies.byteLevel(dir, "bpe.gguf", bos, eos, null));
  }

  private static int[] bytes(String text) {
    return text.chars().toArray(); // ASCII letters are their own byte-level ids
  }

  private static int[] concat(int[]... parts) {
    return java.util.Arrays.stream(parts).flatMapToInt(IntStream::of).toArray();
  }

  @Test
  void llama3TemplateIsRecognisedAndRendersHeadersTrimmedContentAndEndOfTurn() {
    Tokenizer tok = byteLevel(BEGIN_OF_TEXT, END_OF_TEXT);
    ChatTemplate chat = ChatTemplate.fromTemplate(ChatTemplates.LLAMA3, tok, "llama3.gguf");
    assertEquals("llama3", chat.name());
    assertEquals(
        "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\nhello<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nmore<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\n",
        chat.render(CHAT, true));
    assertEquals(Set.of(EOT, END_OF_TEXT), chat.stopTokenIds());
  }

  @Test
  void llama3PromptEncodesEachMarkerToItsSingleId() {
    Tokenizer tok = byteLevel(BEGIN_OF_TEXT, END_OF_TEXT);
    ChatTemplate chat = ChatTemplate.fromTemplate(ChatTemplates.LLAMA3, tok, "llama3.gguf");
    int[] ids = chat.encode(List.of(ChatMessage.user("hi")), true);
    // '\n' is byte-level U+010A, id 10; "\n\n" has no token of its own here
    int[] expected =
        concat(
            new int[] {BEGIN_OF_TEXT, START_HEADER},
            bytes("user"),
            new int[] {END_HEADER, 10, 10, HI, EOT, START_HEADER},
            bytes("assistant"),
            new int[] {END_HEADER, 10, 10});
    assertEquals("\u010A", tok.piece(10));
    assertArrayEquals(expected, ids);
    assertEquals("user\n\nhiassistant\n\n", tok.decode(ids)); // control tokens decode to nothing
  }

  @Test
  void chatMlTemplateAddsTheTemplatesDefaultSystemMessageOnlyWhenNoneIsGiven() {
    Tokenizer tok = byteLevel(ENDOFTEXT, ENDOFTEXT);
    ChatTemplate qwen = ChatTemplate.fromTemplate(ChatTemplates.QWEN2, tok, "qwen2.gguf");
    assertEquals("chatml", qwen.name());
    assertEquals(
        "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
            + "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n",
        qwen.render(List.of(ChatMessage.user("hi")), true));
    assertEquals(
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n hi <|im_end|>\n"
            + "<|im_start|>assistant\nhello<|im_end|>\n<|im_start|>user\nmore<|im_end|>\n",
        qwen.render(CHAT, false));
    assertEquals(Set.of(IM_END, ENDOFTEXT), qwen.stopTokenIds());

    ChatTemplate qwen25 = ChatTemplate.fromTemplate(ChatTemplates.QWEN25, tok, "qwen25.gguf");
    assertEquals(
        "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful"
            + " assistant.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n",
        qwen25.render(List.of(ChatMessage.user("hi")), false));

    ChatTemplate smol = ChatTemplate.fromTemplate(ChatTemplates.SMOLLM, tok, "smollm.gguf");
    assertEquals(
        "<|im_start|>user\nhi<|im_end|>\n", smol.render(List.of(ChatMessage.user("hi")), false));
  }

  @Test
  void chatMlPromptEncodesMarkersToSingleIdsWithoutAddingBos() {
    Tokenizer tok = byteLevel(IM_START, ENDOFTEXT); // SmolLM2 names <|im_start|> as its BOS
    ChatTemplate chat = ChatTemplate.fromTemplate(ChatTemplates.SMOLLM, tok, "smollm.gguf");
    int[] expected =
        concat(
            new int[] {IM_START},
            bytes("user"),
            new int[] {10, HI, IM_END, 10, IM_START},
            bytes("assistant"),
            new int[] {10});
    assertArrayEquals(expected, chat.encode(List.of(ChatMessage.user("hi")), true));
  }

  @Test
  void llama2TemplateFoldsTheSystemMessageIntoTheFirstInstruction() {
    Tokenizer tok = Tokenizers.fromGguf(ChatVocabularies.sentencePiece(dir, "spm.gguf", null));
    ChatTemplate chat = ChatTemplate.fromTemplate(ChatTemplates.LLAMA2, tok, "llama2.gguf");
    assertEquals("llama2", chat.name());
    assertEquals(
        "<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\n hi [/INST] hello </s><s>[INST] more [/INST]",
        chat.render(CHAT, true));
    assertEquals(Set.of(2), chat.stopTokenIds());
  }

  @Test
  void llama2PromptEncodesBosAsItsIdAndPrefixesTheTextAfterItWithASpace() {
    Tokenizer tok = Tokenizers.fromGguf(ChatVocabularies.sentencePiece(dir, "spm.gguf", null));
    ChatTemplate chat = ChatTemplate.fromTemplate(ChatTemplates.LLAMA2, tok, "llama2.gguf");
    // as llama.cpp and the Llama 2 tokenizer: [1, ▁[, INST, ], ▁hi, ▁[, /, INST, ]]
    int[] expected = {
      1,
      spm("\u2581["),
      spm("INST"),
      spm("]"),
      spm("\u2581hi"),
      spm("\u2581["),
      spm("/"),
      spm("INST"),
      spm("]")
    };
    assertArrayEquals(expected, chat.encode(List.of(ChatMessage.user("hi")), true));
  }

  @Test
  void llama2PromptOnTheReal32kVocabularyGivesTheWellKnownInstIds() {
    Tokenizer tok = Tokenizers.fromGguf(SharedFiles.model("ggml-vocab-llama-spm.gguf"));
    ChatTemplate chat = ChatTemplate.of(ChatFormat.LLAMA2, tok);
    // <s> [INST] hi [/INST] as the Llama 2 tokenizer (and llama.cpp) encodes it:
    // 518 "▁[", 25580 "INST", 29962 "]", 7251 "▁hi", 29914 "/"
    assertArrayEquals(
        new int[] {1, 518, 25580, 29962, 7251, 518, 29914, 25580, 29962},
        chat.encode(List.of(ChatMessage.user("hi")), true));
    assertEquals(Set.of(0, 1, 2), tok.specialTokenIds()); // <unk>, <s>, </s>
  }

  @Test
  void llama2RejectsRolesThatDoNotAlternate() {
    Tokenizer tok = Tokenizers.fromGguf(ChatVocabularies.sentencePiece(dir, "spm.gguf", null));
    ChatTemplate chat = ChatTemplate.fromTemplate(ChatTemplates.LLAMA2, tok, "llama2.gguf");
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> chat.render(List.of(ChatMessage.user("a"), ChatMessage.user("b")), true));
    assertEquals("messages", e.field());
    assertTrue(e.getMessage().contains("message 1 is user"), e.getMessage());
    InvalidRequestException empty =
        assertThrows(InvalidRequestException.class, () -> chat.render(List.of(), true));
    assertEquals("messages", empty.field());
  }

  @Test
  void anUnknownTemplateIsATypedErrorNamingMessagesAndTheKnownFamilies() {
    Tokenizer tok = Tokenizers.fromGguf(ChatVocabularies.sentencePiece(dir, "spm.gguf", null));
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> ChatTemplate.fromTemplate(ChatTemplates.MISTRAL, tok, "mistral.gguf"));
    assertEquals("messages", e.field());
    assertTrue(e.getMessage().contains("mistral.gguf"), e.getMessage());
    assertTrue(e.getMessage().contains("llama3, chatml, llama2"), e.getMessage());
  }

  @Test
  void aTemplateWhoseMarkersAreNotSpecialTokensIsAFormatError() {
    Tokenizer spmTok =
        Tokenizers.fromGguf(ChatVocabularies.sentencePiece(dir, "spm.gguf", null));
    ModelFormatException missing =
        assertThrows(
            ModelFormatException.class,
            () -> ChatTemplate.fromTemplate(ChatTemplates.QWEN2, spmTok, "odd.gguf"));
    assertTrue(missing.getMessage().contains("<|im_start|>"), missing.getMessage());
    assertTrue(missing.getMessage().contains("odd.gguf"), missing.getMessage());

    Tokenizer bpe = byteLevel(BEGIN_OF_TEXT, HI); // an EOS that is an ordinary token
    ModelFormatException notControl =
        assertThrows(ModelFormatException.class, () -> ChatTemplate.of(ChatFormat.LLAMA2, bpe));
    assertTrue(notControl.getMessage().contains("special (control) token"), notControl.getMessage());
  }

  @Test
  void forModelReadsTheTemplateFromTheGgufMetadata() {
    Path file =
        TinyModel.random(1, true)
            .writeGguf(dir, "chat.gguf", GgmlType.F32, 16, ChatTemplates.LLAMA2);
    try (LlamaModel model = LlamaModel.load(file)) {
      assertEquals(ChatTemplates.LLAMA2, model.chatTemplateText().orElseThrow());
      ChatTemplate chat = ChatTemplate.forModel(model);
      assertEquals(ChatFormat.LLAMA2, chat.format());
      assertEquals(Set.of(2), chat.stopTokenIds());
      assertEquals(1, chat.encode(List.of(ChatMessage.user("ab")), true)[0]);
    }
  }

  @Test
  void aModelWithoutATemplateIsATypedErrorNamingMessagesAndTheFile() {
    TinyModel m = TinyModel.random(1, true);
    Path bin = m.writeLlama2c(dir, "tiny.bin");
    Path tokenizer = TinyModel.writeTokenizer(dir, "tok.bin");
    Path gguf = m.writeGguf(dir, "plain.gguf", GgmlType.F32, 16);
    for (LlamaModel model :
        List.of(
            LlamaModel.load(bin, ModelOptions.defaults().withTokenizer(tokenizer)),
            LlamaModel.load(gguf))) {
      try (model) {
        InvalidRequestException e =
            assertThrows(InvalidRequestException.class, () -> ChatTemplate.forModel(model));
        assertEquals("messages", e.field());
        assertTrue(e.getMessage().contains(model.path().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("no chat template"), e.getMessage());
      }
    }
  }
}
