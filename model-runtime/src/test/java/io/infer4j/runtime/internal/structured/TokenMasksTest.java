package io.infer4j.runtime.internal.structured;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ToolDefinition;
import io.infer4j.runtime.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trie walk gives exactly the mask of the token-by-token reference, in states reached by
 * random walks through several grammars, on the shipped vocabulary and on real GPT-2 and Llama
 * vocabularies.
 */
class TokenMasksTest {
  @TempDir Path dir;

  static List<OutputGrammar> grammars() {
    return List.of(
        OutputGrammar.jsonSchema(SchemaCompilerTest.PERSON, "responseFormat.schema"),
        OutputGrammar.jsonObject(),
        OutputGrammar.toolCall(List.of(new ToolDefinition("get_weather", "",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"days\":"
                + "{\"type\":\"integer\"}},\"required\":[\"city\"]}")),
            "arguments", "<tool_call>\n", "\n</tool_call>"));
  }

  @Test
  void theTrieWalkEqualsTheReferenceOnTheShippedVocabulary() {
    Tokenizer t = Vocabularies.shipped(dir);
    compare(t, 150, -1);
    compare(t, 20, t.bosId()); // after BOS SentencePiece drops a leading space
  }

  @Test
  void theTrieWalkEqualsTheReferenceOnGpt2() {
    compare(Vocabularies.gpt2(), 12, -1);
  }

  @Test
  void theTrieWalkEqualsTheReferenceOnLlamaSentencePiece() {
    Tokenizer t = Vocabularies.llamaSpm();
    compare(t, 12, -1);
    compare(t, 3, t.bosId());
  }

  /** For each grammar, {@code steps} states of a random walk: fast mask == reference mask. */
  private static void compare(Tokenizer tokenizer, int steps, int previous) {
    TokenBytes bytes = TokenBytes.of(tokenizer);
    int size = tokenizer.vocabularySize();
    int[] ends = {tokenizer.eosId()};
    int[] banned = {tokenizer.bosId(), tokenizer.eosId()};
    Random random = new Random(7);
    int compared = 0;
    for (OutputGrammar g : grammars()) {
      GrammarMatcher matcher = new GrammarMatcher(g.grammar());
      TokenMasks masks = new TokenMasks(matcher, bytes, size, ends, banned);
      MatchState s = matcher.start();
      int prev = previous;
      for (int step = 0; step < steps; step++) {
        long[] reference = masks.reference(s, prev);
        long[] fast = masks.allowed(s, prev);
        assertArrayEquals(reference, fast, "state " + s + " after " + step + " steps");
        assertArrayEquals(reference, masks.allowed(s, prev), "cached");
        compared++;
        // half the time any allowed token, half the time one that heads for the end
        long[] pick = random.nextBoolean() ? reference : masks.allowedWithin(s, prev, 1);
        int token = randomMember(pick, random, ends);
        if (token < 0 || s.complete()) {
          s = matcher.start();
          prev = previous;
          continue;
        }
        s = matcher.advance(s, bytes.bytes(prev, token));
        prev = token;
      }
    }
    assertEquals(steps * 3, compared);
  }

  static int randomMember(long[] bits, Random random, int[] excluded) {
    List<Integer> ids = new ArrayList<>();
    for (int id = 0; id < bits.length * 64; id++) {
      int candidate = id;
      if ((bits[id >>> 6] & (1L << id)) != 0
          && java.util.Arrays.stream(excluded).noneMatch(e -> e == candidate)) {
        ids.add(id);
      }
    }
    return ids.isEmpty() ? -1 : ids.get(random.nextInt(ids.size()));
  }

  @Test
  void steeringKeepsOnlyTokensThatLeaveTheEndWithinReach() {
    Tokenizer t = Vocabularies.shipped(dir);
    TokenBytes bytes = TokenBytes.of(t);
    OutputGrammar g = OutputGrammar.jsonSchema(SchemaCompilerTest.PERSON, "responseFormat.schema");
    GrammarMatcher matcher = new GrammarMatcher(g.grammar());
    TokenMasks masks = new TokenMasks(matcher, bytes, t.vocabularySize(), new int[] {2},
        new int[] {1, 2});
    MatchState s = matcher.advance(matcher.start(), "{\"name\":\"A".getBytes());
    long[] tight = masks.allowedWithin(s, -1, 1);
    int allowed = 0;
    for (int id = 0; id < t.vocabularySize(); id++) {
      if ((tight[id >>> 6] & (1L << id)) != 0) {
        allowed++;
        MatchState after = matcher.advance(s, bytes.bytes(-1, id));
        assertEquals(s.distance - 1, after.distance, "only the closing quote: " + t.piece(id));
      }
    }
    assertTrue(allowed > 0);
  }
}
