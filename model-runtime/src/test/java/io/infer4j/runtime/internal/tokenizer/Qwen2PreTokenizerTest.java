package io.infer4j.runtime.internal.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.runtime.Tokenizer;
import io.infer4j.runtime.Tokenizers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Qwen2 pre-tokenizer ({@code tokenizer.ggml.pre = qwen2}). No Qwen vocabulary (nor llama.cpp's
 * {@code ggml-vocab-qwen2} vectors) is available here, so the expected splits are derived by hand
 * from the pattern llama.cpp runs for {@code LLAMA_VOCAB_PRE_TYPE_QWEN2} (src/llama-vocab.cpp):
 * {@code (?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}|
 * ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+}, the first alternative that matches at each
 * position winning; each case says which alternatives decide it. The whole tokenizer with this
 * pre-tokenizer meets llama.cpp's own ids in {@code LlamaCppPreTokenizerVectorsTest}.
 */
class Qwen2PreTokenizerTest {

  private static void assertSplit(List<String> expected, String text) {
    assertEquals(expected, PreTokenizer.QWEN2.split(text), () -> "split of \"" + text + "\"");
  }

  @Test
  void everyDigitIsAWordOfItsOwnWhereLlama3GroupsThree() {
    // \p{N} alone: one digit a match; a space before a digit is not taken by any alternative but
    // the white-space ones (" ?[^\s\p{L}\p{N}]+" excludes digits; "\s+(?!\S)" fails before '1')
    assertSplit(List.of("1", "2", "3", "4", "5"), "12345");
    assertSplit(List.of("x", " ", "2", "0", "2", "4"), "x 2024");
    assertEquals(List.of("123", "45"), PreTokenizer.LLAMA3.split("12345"));
  }

  @Test
  void contractionsInEitherCaseAreWords() {
    assertSplit(List.of("don", "'t", " stop"), "don't stop");
    assertSplit(List.of("IT", "'S", " HERE", "'LL", " DO"), "IT'S HERE'LL DO");
    // the contraction alternative comes first, even at the start of a longer word
    assertSplit(List.of("'t", "is"), "'tis");
    // not a contraction: the apostrophe is the one mark that may lead a word
    assertSplit(List.of("'x"), "'x");
  }

  @Test
  void oneNonLetterNonDigitMayLeadAWord() {
    // "[^\r\n\p{L}\p{N}]?\p{L}+": a space or a punctuation mark starts a word, a new line does not
    assertSplit(List.of("Hello", " world"), "Hello world");
    assertSplit(List.of("¿Qué", "?"), "¿Qué?");
    assertSplit(List.of("a", "\n", "b"), "a\nb");
    assertSplit(List.of("我想在apple工作"), "我想在apple工作");
  }

  @Test
  void punctuationRunsTakeTheNewLinesAfterThem() {
    // " ?[^\s\p{L}\p{N}]+[\r\n]*"
    assertSplit(List.of("Hi", "!!\n"), "Hi!!\n");
    assertSplit(List.of("$", "1", "0", "0"), "$100");
    assertSplit(List.of("a", " +=", " b"), "a += b");
  }

  @Test
  void whiteSpaceLeavesItsLastSpaceToTheNextWord() {
    // "\s*[\r\n]+" for runs ending in a new line; "\s+(?!\S)" leaves one space before a word
    assertSplit(List.of(" ", " hi"), "  hi");
    assertSplit(List.of("a", "  \n\n", "b"), "a  \n\nb");
    assertSplit(List.of("x", "   "), "x   ");
    assertSplit(List.of("\t\t"), "\t\t"); // at the end "(?!\S)" holds: the whole run
  }

  @ParameterizedTest
  @ValueSource(strings = {"qwen2", "deepseek-r1-qwen", "stablelm2"})
  void aGgufNamingItSplitsDigitsWhereLlama3MergesThem(String name, @TempDir Path dir) {
    // one more piece, "12" (id 263), and its merge: only a word holding "12" can use it
    List<String> piece = List.of("12");
    List<String> merge = List.of("1 2");
    Tokenizer qwen = Tokenizers.fromGguf(
        ByteLevelBpeTokenizerTest.gguf(name, piece, merge).write(dir, "qwen.gguf"));
    Tokenizer llama3 = Tokenizers.fromGguf(
        ByteLevelBpeTokenizerTest.gguf("llama-bpe", piece, merge).write(dir, "llama3.gguf"));

    assertArrayEquals(new int[] {'1', '2', '3'}, qwen.encode("123", false, false));
    assertArrayEquals(new int[] {263, '3'}, llama3.encode("123", false, false));
    assertEquals("123", qwen.decode(qwen.encode("123", false, false)));
  }
}
