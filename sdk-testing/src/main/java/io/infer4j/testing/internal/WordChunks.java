package io.infer4j.testing.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into word chunks the way the fake streams it: each chunk is one word with the
 * whitespace before it ({@code "Once upon a"} gives {@code "Once", " upon", " a"}), so the chunks
 * joined give the text back exactly. Not API.
 */
public final class WordChunks {

  private WordChunks() {}

  /** The word chunks of {@code text}; empty for empty text. */
  public static List<String> split(String text) {
    List<String> chunks = new ArrayList<>();
    int start = 0;
    for (int i = 1; i < text.length(); i++) {
      // a chunk ends where whitespace follows a non-whitespace character
      if (Character.isWhitespace(text.charAt(i)) && !Character.isWhitespace(text.charAt(i - 1))) {
        chunks.add(text.substring(start, i));
        start = i;
      }
    }
    if (start < text.length()) {
      chunks.add(text.substring(start));
    }
    return chunks;
  }

  /** The number of whitespace-separated words in {@code text}. */
  public static int countWords(String text) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
    return words;
  }
}
