package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.runtime.internal.tokenizer.SentencePieceTokenizer;
import io.infer4j.runtime.internal.tokenizer.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextDecoderTest {
  /** 0 unk, 1 bos, 2 eos, 3 <0xE2>, 4 <0x82>, 5 <0xAC>, 6 "▁hi", 7 <0x07>. */
  private static final Tokenizer TOKENIZER =
      new SentencePieceTokenizer(
          new Vocabulary(
              List.of("<unk>", "<s>", "</s>", "<0xE2>", "<0x82>", "<0xAC>", "\u2581hi", "<0x07>"),
              new float[8],
              1,
              2,
              0,
              true,
              true));

  @Test
  void holdsBackACharacterSplitOverByteTokensUntilItIsComplete() {
    TextDecoder d = TextDecoder.utf8(TOKENIZER);
    d.follow(1);
    assertEquals("hi", d.next(6));
    assertEquals("", d.next(3));
    assertEquals("", d.next(4));
    assertEquals("€", d.next(5));
    assertEquals(" hi", d.next(6));
    assertEquals("", d.flush());
  }

  @Test
  void flushTurnsAnIncompleteCharacterIntoAReplacementCharacter() {
    TextDecoder d = TextDecoder.utf8(TOKENIZER);
    assertEquals("", d.next(3));
    assertEquals("\uFFFD", d.flush());
  }

  @Test
  void theLlama2cModeDropsLoneNonPrintableBytesAsRuncDoes() {
    TextDecoder d = TextDecoder.llama2c(TOKENIZER);
    assertEquals("", d.next(7));
    assertEquals("", d.next(3));
    assertEquals(" hi", d.next(6));
    assertEquals("", d.flush());
  }
}
