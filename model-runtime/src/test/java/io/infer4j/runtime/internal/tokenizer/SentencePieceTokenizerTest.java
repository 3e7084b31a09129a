package io.infer4j.runtime.internal.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentencePieceTokenizerTest {

  /** ids: 0 unk, 1 bos, 2 eos, 3 <0x0A>, 4 <0xC3>, 5 <0xA9>, then pieces. */
  private static SentencePieceTokenizer tokenizer(boolean metaspace) {
    return tokenizer(metaspace, true);
  }

  private static SentencePieceTokenizer tokenizer(boolean metaspace, boolean prefix) {
    String sp = metaspace ? "\u2581" : " ";
    List<String> pieces =
        List.of(
            "<unk>", "<s>", "</s>", "<0x0A>", "<0xC3>", "<0xA9>", sp, "a", "b", "c", "ab", "bc",
            sp + "a", sp + "ab", "abc");
    float[] scores = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -2, -3, -0.5f};
    return new SentencePieceTokenizer(new Vocabulary(pieces, scores, 1, 2, 0, metaspace, prefix));
  }

  @Test
  void mergesTheBestScoringPairFirstAndTheLeftmostOnTies() {
    SentencePieceTokenizer t = tokenizer(false);
    // " abc": ' ' a b c -> ab and bc tie at -1, leftmost (ab) wins: ' ' ab c -> abc is not
    // adjacent to a merge of ' ' ab (-3) yet; "abc" = ab + c scores -0.5 -> ' ' abc
    assertArrayEquals(new int[] {6, 14}, t.encode("abc", false, false));
    assertArrayEquals(new int[] {1, 13, 6, 8, 2}, t.encode("ab b", true, true));
  }

  @Test
  void encodesWithMetaspacePiecesTheSameWay() {
    assertArrayEquals(
        tokenizer(false).encode("ab b", false, false),
        tokenizer(true).encode("ab b", false, false));
  }

  @Test
  void withoutTheSpacePrefixTheTextIsTakenAsIsAndBosKeepsTheSpace() {
    SentencePieceTokenizer t = tokenizer(true, false);
    assertArrayEquals(new int[] {14}, t.encode("abc", false, false));
    assertArrayEquals(new int[] {6, 14}, t.encode(" abc", false, false));
    assertEquals(" abc", t.decode(new int[] {1, 6, 14}));
  }

  @Test
  void unknownCharactersFallBackToByteTokensOrUnk() {
    SentencePieceTokenizer t = tokenizer(false);
    assertArrayEquals(new int[] {6, 4, 5, 3}, t.encode("é\n", false, false));
    // 'z' has no piece and its byte 0x7A has no byte token
    assertArrayEquals(new int[] {12, 0}, t.encode("az", false, false));
  }

  @Test
  void anEmptyTextGivesOnlyTheRequestedSpecials() {
    assertArrayEquals(new int[0], tokenizer(false).encode("", false, false));
    assertArrayEquals(new int[] {1}, tokenizer(false).encode("", true, false));
  }

  @Test
  void decodingDropsTheSpaceAfterBosAndTurnsByteTokensIntoBytes() {
    SentencePieceTokenizer t = tokenizer(true);
    assertArrayEquals("ab".getBytes(StandardCharsets.UTF_8), t.decodePiece(1, 13));
    assertArrayEquals(" ab".getBytes(StandardCharsets.UTF_8), t.decodePiece(7, 13));
    assertArrayEquals(new byte[] {(byte) 0xC3}, t.decodePiece(1, 4));
    assertArrayEquals(new byte[0], t.decodePiece(7, 2));
    assertEquals("ab é\n", t.decode(new int[] {1, 13, 6, 4, 5, 3}));
    assertThrows(IndexOutOfBoundsException.class, () -> t.decodePiece(0, 99));
  }

  @Test
  void onlyWellFormedHexPiecesAreByteTokens() {
    assertEquals(0x0A, SentencePieceTokenizer.parseByteToken("<0x0A>"));
    assertEquals(0xff, SentencePieceTokenizer.parseByteToken("<0xff>"));
    assertEquals(-1, SentencePieceTokenizer.parseByteToken("<0xG0>"));
    assertEquals(-1, SentencePieceTokenizer.parseByteToken("<0x0A"));
    assertEquals(-1, SentencePieceTokenizer.parseByteToken("<s>"));
  }
}
