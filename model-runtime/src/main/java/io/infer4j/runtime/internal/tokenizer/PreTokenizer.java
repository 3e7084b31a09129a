package io.infer4j.runtime.internal.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How byte-level BPE splits text into words before merging, by {@code tokenizer.ggml.pre} value.
 * The patterns are the published ones (GPT-2's, Llama 3's, Qwen2's), matched with Unicode classes;
 * llama.cpp lists them per pre-tokenizer type in {@code src/llama-vocab.cpp} ({@code
 * llm_tokenizer_bpe}'s {@code regex_exprs}; ggml-org/llama.cpp at 00ad355e).
 */
enum PreTokenizer {
  /** GPT-2: contractions, words and numbers with an optional leading space, punctuation runs. */
  GPT2("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+", false),
  /**
   * Llama 3: case-insensitive contractions, numbers in groups of at most three digits; a word that
   * is a token whole is that token ({@link #takesWholeWords}).
   */
  LLAMA3(
      "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
          + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
      true),
  /**
   * Qwen2 (Qwen2, Qwen2.5, Qwen3; llama.cpp's {@code LLAMA_VOCAB_PRE_TYPE_QWEN2}, shared with
   * StableLM 2): Llama 3's pattern with every digit a word of its own ({@code \p{N}}, not {@code
   * \p{N}{1,3}}). llama.cpp spells the tokenizer.json's {@code (?i:'s|'t|...)} as explicit case
   * classes, as here.
   */
  QWEN2(
      "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
          + "|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
      false);

  private final Pattern pattern;
  private final boolean wholeWords;

  PreTokenizer(String regex, boolean wholeWords) {
    this.pattern = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
    this.wholeWords = wholeWords;
  }

  /**
   * {@return whether a word that is a token of the vocabulary as a whole becomes that token
   * without merges} Llama 3's tokenizer says so ({@code "ignore_merges": true} in its
   * tokenizer.json; llama.cpp's {@code ignore_merges} for the {@code llama3}, {@code llama-v3} and
   * {@code llama-bpe} pre-tokenizers): its vocabulary holds words the merge rules do not build, as
   * {@code Ġworld} from {@code Ġw o r l d} where only {@code Ġ w} merges.
   */
  boolean takesWholeWords() {
    return wholeWords;
  }

  /** The words of {@code text}, in order; together they are the whole text. */
  List<String> split(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    int end = 0;
    while (m.find()) {
      if (m.start() > end) {
        words.add(text.substring(end, m.start())); // never expected; keeps every character
      }
      words.add(m.group());
      end = m.end();
    }
    if (end < text.length()) {
      words.add(text.substring(end));
    }
    return words;
  }

  /** The pre-tokenizer llama.cpp uses for {@code tokenizer.ggml.pre = name}, if supported. */
  static Optional<PreTokenizer> byGgufName(String name) {
    return switch (name) {
      case "default", "gpt2", "gpt-2" -> Optional.of(GPT2);
      case "llama3", "llama-v3", "llama-bpe" -> Optional.of(LLAMA3);
      // llama.cpp maps these names to LLAMA_VOCAB_PRE_TYPE_QWEN2, or (stablelm2) to a type with
      // the same pattern
      case "qwen2", "deepseek-r1-qwen", "stablelm2" -> Optional.of(QWEN2);
      default -> Optional.empty();
    };
  }
}
