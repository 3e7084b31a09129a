package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.infer4j.runtime.testing.SharedFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tokenizer's priority-queue merge picks the same pairs as run.c's quadratic rescan, checked
 * against a literal transcription of run.c's {@code encode} on random texts.
 */
class TokenizerMergeOrderTest {

  /** run.c's encode (bos=0, eos=0), pair by pair, over the tokenizer's pieces and scores. */
  static int[] runcEncode(Tokenizer t, float[] scores, String text, boolean metaspace) {
    Map<String, Integer> ids = new HashMap<>();
    for (int i = t.vocabularySize() - 1; i >= 0; i--) {
      ids.put(t.piece(i), i);
    }
    String space = metaspace ? "\u2581" : " ";
    List<Integer> tokens = new ArrayList<>();
    if (text.isEmpty()) {
      return new int[0];
    }
    tokens.add(ids.get(space));
    String s = metaspace ? text.replace(" ", space) : text;
    s.codePoints()
        .forEach(
            cp -> {
              String ch = new String(Character.toChars(cp));
              Integer id = ids.get(ch);
              if (id != null) {
                tokens.add(id);
              } else {
                for (byte b : ch.getBytes(StandardCharsets.UTF_8)) {
                  tokens.add((b & 0xFF) + 3);
                }
              }
            });
    while (true) {
      float best = -1e10f;
      int bestId = -1;
      int bestIdx = -1;
      for (int i = 0; i < tokens.size() - 1; i++) {
        Integer id = ids.get(t.piece(tokens.get(i)) + t.piece(tokens.get(i + 1)));
        if (id != null && scores[id] > best) {
          best = scores[id];
          bestId = id;
          bestIdx = i;
        }
      }
      if (bestIdx == -1) {
        break;
      }
      tokens.set(bestIdx, bestId);
      tokens.remove(bestIdx + 1);
    }
    return tokens.stream().mapToInt(Integer::intValue).toArray();
  }

  private static String randomText(Random r, String alphabet, int length) {
    StringBuilder sb = new StringBuilder();
    int[] cps = alphabet.codePoints().toArray();
    for (int i = 0; i < length; i++) {
      sb.appendCodePoint(cps[r.nextInt(cps.length)]);
    }
    return sb.toString();
  }

  private static void check(Tokenizer t, float[] scores, boolean metaspace, long seed) {
    Random r = new Random(seed);
    String alphabet = "  eeeaattoonnsshhrdlu,.!\n\tTHEéß€日本😀0123456789";
    for (int i = 0; i < 150; i++) {
      String text = randomText(r, alphabet, 1 + r.nextInt(60));
      assertArrayEquals(
          runcEncode(t, scores, text, metaspace), t.encode(text, false, false), "text " + text);
    }
  }

  @Test
  void tok512MergesInRuncOrderOnRandomTexts() {
    Tokenizer t = Tokenizers.fromLlama2c(SharedFiles.model("tok512.bin"), 512);
    check(t, scores((io.infer4j.runtime.internal.tokenizer.SentencePieceTokenizer) t), false, 1);
  }

  @Test
  void theLlama2GgufVocabularyMergesInRuncOrderOnRandomTexts() {
    Tokenizer t = Tokenizers.fromGguf(SharedFiles.model("ggml-vocab-llama-spm.gguf"));
    check(t, scores((io.infer4j.runtime.internal.tokenizer.SentencePieceTokenizer) t), true, 2);
  }

  private static float[] scores(io.infer4j.runtime.internal.tokenizer.SentencePieceTokenizer t) {
    return t.vocabulary().scores();
  }
}
