package io.infer4j.runtime.internal.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.infer4j.runtime.Tokenizer;
import io.infer4j.runtime.Tokenizers;
import io.infer4j.runtime.testing.SharedFiles;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;

/**
 * The tok512 vocabulary (llama2.c's SentencePiece BPE with byte fallback) on arbitrary input:
 * encoding any text gives ids inside the vocabulary that decode back to the same text, and
 * decoding any id sequence works; nothing throws.
 */
class TokenizerFuzzTest {
  private static Tokenizer tok512;

  @BeforeAll
  static void load() {
    tok512 = Tokenizers.fromLlama2c(SharedFiles.model("tok512.bin"), 512);
  }

  @FuzzTest(maxDuration = "2s")
  void anyTextRoundTripsAndAnyIdsDecode(FuzzedDataProvider data) {
    int[] ids = new int[data.consumeInt(0, 64)];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = data.consumeInt(0, tok512.vocabularySize() - 1);
    }
    tok512.decode(ids);
    String text = new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
    int[] encoded = tok512.encode(text, true, false);
    assertEquals(text, tok512.decode(encoded));
  }
}
