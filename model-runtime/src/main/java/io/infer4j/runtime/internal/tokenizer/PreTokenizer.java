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
  GPT2(false, "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"),
  /**
   * llama.cpp's own default, for {@code tokenizer.ggml.pre = default} and for files without the
   * key (llama.cpp then warns that generation quality will be degraded): four patterns in turn,
   * each splitting the pieces the one before left, a piece being a match or the text between
   * two ({@code unicode_regex_split}): runs of punctuation and {@code $+<=>^~|}, GPT-2's pattern,
   * digit runs, then three ASCII digits at a time.
   */
  DEFAULT(false, "[\\p{P}\\$\\+<=>\\^~\\|]+",
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)",
      "\\p{N}+", "[0-9][0-9][0-9]"),
  /**
   * Llama 3: case-insensitive contractions, numbers in groups of at most three digits; a word that
   * is a token whole is that token ({@link #takesWholeWords}).
   */
  LLAMA3(true,
      "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
          + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),
  /**
   * Qwen2 (Qwen2, Qwen2.5, Qwen3; llama.cpp's {@code LLAMA_VOCAB_PRE_TYPE_QWEN2}, shared with
   * StableLM 2): Llama 3's pattern with every digit a word of its own ({@code \p{N}}, not {@code
   * \p{N}{1,3}}). llama.cpp spells the tokenizer.json's {@code (?i:'s|'t|...)} as explicit case
   * classes, as here.
   */
  QWEN2(false,
      "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
          + "|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");

  private final List<Pattern> patterns;
  private final boolean wholeWords;

  PreTokenizer(boolean wholeWords, String... regexes) {
    this.patterns = java.util.Arrays.stream(regexes)
        .map(r -> Pattern.compile(r, Pattern.UNICODE_CHARACTER_CLASS))
        .toList();
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

  /**
   * The words of {@code text}, in order; together they are the whole text. Each pattern splits
   * every piece the one before it left on its own (a lookahead sees the piece's end as the text's
   * end), into its matches and the text between them.
   */
  List<String> split(String text) {
    List<String> words = List.of(text);
    for (Pattern pattern : patterns) {
      List<String> finer = new ArrayList<>();
      for (String piece : words) {
        splitInto(pattern, piece, finer);
      }
      words = finer;
    }
    return words;
  }

  /** Appends {@code piece}'s matches of {@code pattern}, and the text between them, to {@code out}. */
  private static void splitInto(Pattern pattern, String piece, List<String> out) {
    Matcher m = pattern.matcher(piece);
    int end = 0;
    while (m.find()) {
      if (m.start() > end) {
        out.add(piece.substring(end, m.start()));
      }
      if (m.end() > m.start()) {
        out.add(m.group());
      }
      end = m.end();
    }
    if (end < piece.length()) {
      out.add(piece.substring(end));
    }
  }

  /** The pre-tokenizer llama.cpp uses for {@code tokenizer.ggml.pre = name}, if supported. */
  static Optional<PreTokenizer> byGgufName(String name) {
    return switch (name) {
      case "default" -> Optional.of(DEFAULT);
      case "gpt2", "gpt-2" -> Optional.of(GPT2);
      case "llama3", "llama-v3", "llama-bpe" -> Optional.of(LLAMA3);
      // llama.cpp maps these names to LLAMA_VOCAB_PRE_TYPE_QWEN2, or (stablelm2) to a type with
      // the same pattern
      case "qwen2", "deepseek-r1-qwen", "stablelm2" -> Optional.of(QWEN2);
      default -> Optional.empty();
    };
  }
}
