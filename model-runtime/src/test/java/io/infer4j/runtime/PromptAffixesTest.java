package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ChatMessage;
import io.infer4j.ModelFormatException;
import io.infer4j.runtime.testing.ChatVocabularies;
import io.infer4j.runtime.testing.GgufBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether a prompt gets BOS and EOS ({@link Tokenizer#addsBos}, {@link Tokenizer#encodePrompt}):
 * llama.cpp's custom per tokenizer, and the file's {@code tokenizer.ggml.add_bos_token} and {@code
 * add_eos_token} over it. A Qwen2.5 GGUF file says {@code add_bos_token = false}; before, every
 * raw prompt started with BOS, so a Qwen-shaped model answered another text than llama.cpp's from
 * the first token on (`QuantAgreement` on a synthetic Qwen2 file with the GPT-2 vocabulary:
 * parted at token 0 on five prompts of six, agrees after; benchmarks/README.md).
 */
class PromptAffixesTest {
  private static final int ENDOFTEXT = 256;

  @TempDir Path dir;

  /**
   * A byte-level vocabulary (the 256 byte pieces, then {@code <|endoftext|>} as BOS and EOS) with
   * {@code tokenizer.ggml.pre = pre} (none if null) and the bool keys in {@code flags}.
   */
  private Tokenizer byteLevel(String name, String pre, Map<String, Boolean> flags) {
    List<String> pieces = ChatVocabularies.byteLevelPieces("<|endoftext|>");
    int[] types = new int[pieces.size()];
    java.util.Arrays.fill(types, 1);
    types[ENDOFTEXT] = 3;
    GgufBuilder g = ChatVocabularies.byteLevelKeys(1 + (pre == null ? 0 : 1) + flags.size(),
            pieces, ENDOFTEXT)
        .kvInts("tokenizer.ggml.token_type", types);
    if (pre != null) {
      g.kvString("tokenizer.ggml.pre", pre);
    }
    flags.forEach(g::kvBool);
    return Tokenizers.fromGguf(g.write(dir, name));
  }

  @Test
  void byteLevelPromptsGetNoBosExceptLlama3s() {
    for (String pre : new String[] {null, "gpt-2", "qwen2", "deepseek-r1-qwen", "stablelm2"}) {
      Tokenizer t = byteLevel("v-" + pre + ".gguf", pre, Map.of());
      assertFalse(t.addsBos(), "pre " + pre);
      assertFalse(t.addsEos(), "pre " + pre);
      assertArrayEquals(new int[] {'h', 'i'}, t.encodePrompt("hi"), "pre " + pre);
      assertArrayEquals(new int[0], t.encodePrompt(""), "pre " + pre);
    }
    for (String pre : new String[] {"llama-bpe", "llama3", "llama-v3"}) {
      Tokenizer t = byteLevel("v-" + pre + ".gguf", pre, Map.of());
      assertTrue(t.addsBos(), "pre " + pre);
      assertArrayEquals(new int[] {ENDOFTEXT, 'h', 'i'}, t.encodePrompt("hi"), "pre " + pre);
    }
  }

  @Test
  void theFilesKeysDecide() {
    Tokenizer qwen = byteLevel("qwen.gguf", "qwen2",
        Map.of("tokenizer.ggml.add_bos_token", true, "tokenizer.ggml.add_eos_token", true));
    assertArrayEquals(new int[] {ENDOFTEXT, 'h', 'i', ENDOFTEXT}, qwen.encodePrompt("hi"));
    Tokenizer llama3 = byteLevel("l3.gguf", "llama-bpe",
        Map.of("tokenizer.ggml.add_bos_token", false));
    assertArrayEquals(new int[] {'h', 'i'}, llama3.encodePrompt("hi"));
    // explicit encode is unchanged: the caller's flags, whatever the file says
    assertArrayEquals(new int[] {ENDOFTEXT, 'h', 'i'}, llama3.encode("hi", true, false));
  }

  @Test
  void sentencePiecePromptsGetBosUnlessTheFileSaysNo() {
    Tokenizer spm = Tokenizers.fromGguf(ChatVocabularies.sentencePiece(dir, "spm.gguf", null));
    assertTrue(spm.addsBos());
    assertFalse(spm.addsEos());
    assertEquals(1, spm.encodePrompt("hi")[0]);
    Tokenizer without = Tokenizers.fromGguf(ChatVocabularies.sentencePiece(dir, "spm-no-bos.gguf",
        null, Map.of("tokenizer.ggml.add_bos_token", false)));
    assertFalse(without.addsBos());
    assertArrayEquals(spm.encode("hi", false, false), without.encodePrompt("hi"));
  }

  /**
   * A rendered chat gets BOS once, where its format writes it or the vocabulary puts it on a
   * prompt, and EOS where the vocabulary asks: llama.cpp strips a template's leading BOS text only
   * where it then adds BOS itself.
   */
  @Test
  void aChatGetsBosOnceFromItsFormatOrItsVocabulary() {
    List<ChatMessage> hello = List.of(ChatMessage.user("hi"));
    Tokenizer llama3 = byteLevel("l3chat.gguf", "llama-bpe", Map.of());
    ChatTemplate l3 = ChatTemplate.chosen(ChatTemplateChoice.of(ChatFormat.LLAMA3), llama3, "l3");
    int[] ids = l3.encode(hello, true);
    assertEquals(ENDOFTEXT, ids[0]);
    assertTrue(ids[1] != ENDOFTEXT, "one BOS");
    Tokenizer qwen = byteLevel("qwenchat.gguf", "qwen2", Map.of());
    ChatTemplate chatml = ChatTemplate.chosen(ChatTemplateChoice.of(ChatFormat.CHATML), qwen, "q");
    assertArrayEquals(qwen.encode(chatml.render(hello, true), false, false),
        chatml.encode(hello, true));
    Tokenizer spmEos = Tokenizers.fromGguf(ChatVocabularies.sentencePiece(dir, "spm-eos.gguf",
        null, Map.of("tokenizer.ggml.add_eos_token", true)));
    ChatTemplate llama2 =
        ChatTemplate.chosen(ChatTemplateChoice.of(ChatFormat.LLAMA2), spmEos, "spm-eos");
    int[] withEos = llama2.encode(hello, true);
    assertEquals(1, withEos[0]);
    assertTrue(withEos[1] != 1, "one BOS");
    assertEquals(2, withEos[withEos.length - 1]);
  }

  @Test
  void aKeyOfAnotherTypeIsAFormatErrorNamingIt() {
    GgufBuilder g = ChatVocabularies.byteLevelKeys(2, ChatVocabularies.byteLevelPieces(), 0)
        .kvString("tokenizer.ggml.pre", "qwen2")
        .kvU32("tokenizer.ggml.add_bos_token", 1);
    Path file = g.write(dir, "wrong.gguf");
    var e = assertThrows(ModelFormatException.class, () -> Tokenizers.fromGguf(file));
    assertTrue(e.getMessage().contains("tokenizer.ggml.add_bos_token"), e.getMessage());
    assertTrue(e.getMessage().contains("bool"), e.getMessage());
  }

  @Test
  void anImplementationOfItsOwnKeepsBos() {
    Tokenizer other = new Tokenizer() {
      @Override public int vocabularySize() { return 3; }
      @Override public int bosId() { return 1; }
      @Override public int eosId() { return 2; }
      @Override public String piece(int id) { return "x"; }
      @Override public int[] encode(String text, boolean addBos, boolean addEos) {
        return addBos ? new int[] {1, 0} : new int[] {0};
      }
      @Override public int[] encodeWithSpecialTokens(String text, boolean addBos, boolean addEos) {
        return encode(text, addBos, addEos);
      }
      @Override public java.util.Set<Integer> specialTokenIds() { return java.util.Set.of(); }
      @Override public java.util.OptionalInt idOf(String piece) {
        return java.util.OptionalInt.empty();
      }
      @Override public byte[] decodePiece(int previous, int token) { return new byte[0]; }
    };
    assertArrayEquals(new int[] {1, 0}, other.encodePrompt("x"));
  }
}
