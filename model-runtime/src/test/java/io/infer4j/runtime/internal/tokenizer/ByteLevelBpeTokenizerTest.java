package io.infer4j.runtime.internal.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.Tokenizer;
import io.infer4j.runtime.Tokenizers;
import io.infer4j.runtime.internal.gguf.GgufValueType;
import io.infer4j.runtime.testing.GgufBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteLevelBpeTokenizerTest {
  private static final List<String> MERGES =
      List.of("o r", "\u0120 w", "l d", "\u0120w or", "\u0120wor ld");
  private static final List<String> EXTRA =
      List.of("or", "\u0120w", "ld", "\u0120wor", "\u0120world", "<|begin|>", "<|end|>");

  /** Ids 0..255: the byte characters in byte order; then {@link #EXTRA}. */
  private static List<String> pieces() {
    List<String> p = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      p.add(String.valueOf(ByteLevel.encode((byte) b)));
    }
    p.addAll(EXTRA);
    return p;
  }

  private static ByteLevelBpeTokenizer tokenizer(PreTokenizer pre) {
    List<String> pieces = pieces();
    boolean[] control = new boolean[pieces.size()];
    control[261] = control[262] = true;
    return new ByteLevelBpeTokenizer(new BpeVocabulary(pieces, MERGES, control, 261, 262, pre));
  }

  @Test
  void bytesMapToGpt2Characters() {
    assertEquals('\u0120', ByteLevel.encode((byte) ' '));
    assertEquals('\u010A', ByteLevel.encode((byte) '\n'));
    assertEquals('A', ByteLevel.encode((byte) 'A'));
    assertEquals('\u0143', ByteLevel.encode((byte) 0xAD));
    for (int b = 0; b < 256; b++) {
      assertEquals(b, ByteLevel.decode(ByteLevel.encode((byte) b)));
    }
    assertEquals(-1, ByteLevel.decode('\u4e00'));
  }

  @Test
  void gpt2AndLlama3PreTokenizersSplitAsTheirPatternsSay() {
    assertEquals(
        List.of("Hello", " world", "'s", " 123", "!!", "  ", " x"),
        PreTokenizer.GPT2.split("Hello world's 123!!   x"));
    assertEquals(
        List.of("Hello", " world", "'S", " ", "123", "45", "\n\n"),
        PreTokenizer.LLAMA3.split("Hello world'S 12345\n\n"));
  }

  @Test
  void mergesByRankThenLeftmostAndLooksUpTheResult() {
    ByteLevelBpeTokenizer t = tokenizer(PreTokenizer.GPT2);
    assertArrayEquals(new int[] {'w', 256, 258}, t.encode("world", false, false));
    assertArrayEquals(new int[] {261, 260, 262}, t.encode(" world", true, true));
  }

  @Test
  void decodesBytesBackToTextAndDropsControlTokens() {
    ByteLevelBpeTokenizer t = tokenizer(PreTokenizer.LLAMA3);
    String text = "héllo world 😀\n";
    int[] ids = t.encode(text, true, false);
    assertEquals(261, ids[0]);
    assertEquals(text, t.decode(ids));
    assertArrayEquals(new byte[0], t.decodePiece(0, 262));
  }

  @Test
  void aVocabularyMissingAByteIsRejected() {
    List<String> pieces = pieces().subList(1, 263);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ByteLevelBpeTokenizer(
                    new BpeVocabulary(pieces, MERGES, new boolean[262], 0, 1, PreTokenizer.GPT2)));
    assertTrue(e.getMessage().contains("0x00"), e.getMessage());
  }

  private static GgufBuilder gguf(String pre) {
    return gguf(pre, List.of(), List.of());
  }

  /** The test vocabulary as a GGUF, with more pieces (ids from 263) and merges (ranked last). */
  static GgufBuilder gguf(String pre, List<String> morePieces, List<String> moreMerges) {
    List<String> pieces = new ArrayList<>(pieces());
    pieces.addAll(morePieces);
    List<String> merges = new ArrayList<>(MERGES);
    merges.addAll(moreMerges);
    GgufBuilder b =
        GgufBuilder.header(0, 6)
            .kvString("tokenizer.ggml.model", "gpt2")
            .kvString("tokenizer.ggml.pre", pre)
            .kvStrings("tokenizer.ggml.tokens", pieces.toArray(String[]::new))
            .kvStrings("tokenizer.ggml.merges", merges.toArray(String[]::new))
            .kvU32("tokenizer.ggml.bos_token_id", 261);
    b.key("tokenizer.ggml.token_type", GgufValueType.ARRAY)
        .u32(GgufValueType.INT32.id())
        .u64(pieces.size());
    for (int i = 0; i < pieces.size(); i++) {
      b.u32(i == 261 || i == 262 ? 3 : 1);
    }
    return b;
  }

  @Test
  void aGgufWithAGpt2TokenizerLoadsAsByteLevelBpe(@TempDir Path dir) {
    Tokenizer t = Tokenizers.fromGguf(gguf("llama-bpe").write(dir, "bpe.gguf"));
    assertEquals(263, t.vocabularySize());
    assertArrayEquals(new int[] {261, 260}, t.encode(" world", true, false));
    assertEquals(" world", t.decode(new int[] {261, 260}));
    ModelFormatException e =
        assertThrows(
            ModelFormatException.class,
            () -> Tokenizers.fromGguf(gguf("tekken").write(dir, "tekken.gguf")));
    assertTrue(e.getMessage().contains("tokenizer.ggml.pre = tekken"), e.getMessage());
  }

  /**
   * Llama 3's pre-tokenizer takes a word that is a token whole, as llama.cpp does ({@code
   * ignore_merges}); GPT-2's merges every word. The expected ids are llama.cpp b4916's on GGUF
   * files with this vocabulary ({@code LlamaCppTokens}, 2026-12-07): {@code hello} and {@code
   * Ġworld} are tokens no merge rule builds (only {@code h e} and {@code Ġ w} merge).
   */
  @Test
  void llama3TakesAWordThatIsATokenWholeAsLlamaCppDoes() {
    List<String> pieces = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      pieces.add(String.valueOf(ByteLevel.encode((byte) b)));
    }
    pieces.addAll(List.of("he", "hello", "\u0120world", "\u0120w", "<|bos|>", "<|eos|>"));
    boolean[] control = new boolean[pieces.size()];
    control[260] = control[261] = true;
    List<String> merges = List.of("h e", "\u0120 w");
    var llama3 = new ByteLevelBpeTokenizer(
        new BpeVocabulary(pieces, merges, control, 260, 261, PreTokenizer.LLAMA3));
    var gpt2 = new ByteLevelBpeTokenizer(
        new BpeVocabulary(pieces, merges, control, 260, 261, PreTokenizer.GPT2));
    assertArrayEquals(new int[] {257, 258, 32, 256, 108, 108, 111},
        llama3.encode("hello world hello", false, false));
    assertArrayEquals(new int[] {256, 108, 108, 111, 259, 111, 114, 108, 100, 32, 256, 108, 108,
        111}, gpt2.encode("hello world hello", false, false));
    // a word the vocabulary lacks whole is merged as before
    assertArrayEquals(new int[] {256, 108, 108, 111, 256, 108, 108, 111},
        llama3.encode("hellohello", false, false));
    assertArrayEquals(new int[] {256}, llama3.encode("he", false, false));
  }
}
