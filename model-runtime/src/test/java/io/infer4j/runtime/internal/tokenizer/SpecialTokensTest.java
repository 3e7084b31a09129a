package io.infer4j.runtime.internal.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.internal.tokenizer.SpecialTokens.Segment;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecialTokensTest {
  private static final List<String> PIECES = List.of("a", "<x>", "<x>y", "", "<s>");

  @Test
  void splitsTextAroundSpecialsWithTheLongestWinning() {
    SpecialTokens s = SpecialTokens.of(PIECES, List.of(1, 2, 3, 4));
    assertEquals(
        List.of(
            new Segment("ab", -1),
            new Segment("<x>y", 2),
            new Segment("<x>", 1),
            new Segment("<s>", 4),
            new Segment(" c", -1)),
        s.split("ab<x>y<x><s> c"));
    assertEquals(List.of(), s.split(""));
    assertEquals(Set.of(1, 2, 4), s.ids()); // an empty piece is never special
  }

  @Test
  void withoutSpecialsTextStaysOnePiece() {
    assertEquals(List.of(new Segment("<x>", -1)), SpecialTokens.none().split("<x>"));
  }

  @Test
  void sentencePieceEncodesSpecialsOnlyWhenAsked() {
    List<String> pieces = List.of("<unk>", "<s>", "</s>", "\u2581", "a", "\u2581a");
    float[] scores = {0, 0, 0, 0, 0, -1};
    SentencePieceTokenizer t =
        new SentencePieceTokenizer(
            new Vocabulary(pieces, scores, 1, 2, 0, true, true),
            SpecialTokens.of(pieces, List.of(1, 2)));
    assertArrayEquals(new int[] {5, 1, 5, 2}, t.encodeWithSpecialTokens("a<s>a</s>", false, false));
    int[] plain = t.encode("a<s>", false, false);
    assertTrue(plain.length > 2, "without parse_special <s> is spelled, not id 1");
    assertEquals(0, plain[2]); // '<' has no token and no byte token: unk
    assertEquals(Set.of(1, 2), t.specialTokenIds());
    assertEquals(5, t.idOf("\u2581a").orElseThrow());
  }
}
