package io.infer4j.runtime;

import static io.infer4j.runtime.testing.ChatVocabularies.BEGIN_OF_TEXT;
import static io.infer4j.runtime.testing.ChatVocabularies.END_OF_TEXT;
import static io.infer4j.runtime.testing.ChatVocabularies.HI;
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
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chat template chosen by configuration ({@link ChatTemplateChoice}) rather than the file's. */
class ChosenChatTemplateTest {
  @TempDir Path dir;

  private static final List<ChatMessage> HELLO = List.of(ChatMessage.user("hi"));

  private Tokenizer spm() {
    return Tokenizers.fromGguf(ChatVocabularies.sentencePiece(dir, "spm.gguf", null));
  }

  private Tokenizer byteLevel(int bos, int eos) {
    return Tokenizers.fromGguf(ChatVocabularies.byteLevel(dir, "bpe.gguf", bos, eos, null));
  }

  @Test
  void markersTheVocabularyLacksAreWrittenAsPlainTextAndOnlyEosStops() {
    Tokenizer spm = spm();
    ChatTemplate chat =
        ChatTemplate.chosen(ChatTemplateChoice.of(ChatFormat.CHATML), spm, "spm.gguf");

    String text = chat.render(HELLO, true);
    assertEquals("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n", text);
    // BOS in front: ChatML writes none, the SentencePiece vocabulary puts it on every prompt
    assertArrayEquals(spm.encode(text, true, false), chat.encode(HELLO, true));
    assertEquals(Set.of(spm.eosId()), chat.stopTokenIds());
    // The file's own template of the same family stays strict: such a file is broken.
    assertThrows(ModelFormatException.class,
        () -> ChatTemplate.fromTemplate(ChatTemplates.QWEN2, spm, "spm.gguf"));
  }

  @Test
  void markersTheVocabularyHasAreUsedAsTheFilesOwnTemplateUsesThem() {
    Tokenizer bpe = byteLevel(BEGIN_OF_TEXT, END_OF_TEXT);
    ChatTemplate chosen =
        ChatTemplate.chosen(ChatTemplateChoice.of(ChatFormat.LLAMA3), bpe, "bpe.gguf");
    ChatTemplate own = ChatTemplate.fromTemplate(ChatTemplates.LLAMA3, bpe, "bpe.gguf");

    assertArrayEquals(own.encode(HELLO, true), chosen.encode(HELLO, true));
    assertEquals(own.stopTokenIds(), chosen.stopTokenIds());
  }

  @Test
  void aChosenChatMlFileKeepsItsDefaultSystemMessage() {
    ChatTemplateChoice qwen =
        new ChatTemplateChoice(ChatFormat.CHATML, Optional.of(ChatTemplates.QWEN2), "qwen2.jinja");
    ChatTemplate chat =
        ChatTemplate.chosen(qwen, byteLevel(BEGIN_OF_TEXT, END_OF_TEXT), "bpe.gguf");

    assertTrue(chat.render(HELLO, true)
        .startsWith("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"),
        chat.render(HELLO, true));
  }

  @Test
  void llama2StillNeedsBosAndEosToBeSpecialTokens() {
    Tokenizer eosIsPlain = byteLevel(BEGIN_OF_TEXT, HI);
    ModelFormatException e = assertThrows(ModelFormatException.class,
        () -> ChatTemplate.chosen(ChatTemplateChoice.of(ChatFormat.LLAMA2), eosIsPlain, "x.gguf"));
    assertTrue(e.getMessage().contains("special (control) token"), e.getMessage());
  }

  @Test
  void forModelWithAChoiceRendersChatsForAModelWithoutATemplate() {
    Path gguf = TinyModel.random(1, true).writeGguf(dir, "plain.gguf", GgmlType.F32, 16);
    try (LlamaModel model = LlamaModel.load(gguf)) {
      assertThrows(InvalidRequestException.class, () -> ChatTemplate.forModel(model));

      ChatTemplate chat = ChatTemplate.forModel(model, ChatTemplateChoice.of(ChatFormat.LLAMA2));
      assertEquals(ChatFormat.LLAMA2, chat.format());
      assertEquals(1, chat.encode(List.of(ChatMessage.user("ab")), true)[0], "BOS as its id");
    }
  }

  @Test
  void theSharedStoriesModelTakesEachFormat() {
    try (LlamaModel model = LlamaModel.load(SharedFiles.model("stories260K-q8_0.gguf"))) {
      for (ChatFormat f : ChatFormat.values()) {
        ChatTemplate chat = ChatTemplate.forModel(model, ChatTemplateChoice.of(f));
        assertEquals(Set.of(2), chat.stopTokenIds(), f.id()); // EOS only: no marker is a token
        assertTrue(chat.encode(HELLO, true).length > 3, f.id());
      }
    }
  }
}
