package io.infer4j.runtime.internal.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How byte-level BPE splits text into words before merging, by {@code tokenizer.ggml.pre} value.
 * The patterns are the published ones (GPT-2's and Llama 3's), matched with Unicode classes.
 */
enum PreTokenizer {
  /** GPT-2: contractions, words and numbers with an optional leading space, punctuation runs. */
  GPT2("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"),
  /** Llama 3: case-insensitive contractions, numbers in groups of at most three digits. */
  LLAMA3(
      "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
          + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");

  private final Pattern pattern;

  PreTokenizer(String regex) {
    this.pattern = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
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
      default -> Optional.empty();
    };
  }
}
