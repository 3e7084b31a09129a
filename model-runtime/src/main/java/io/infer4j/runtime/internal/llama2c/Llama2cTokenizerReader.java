package io.infer4j.runtime.internal.llama2c;

import io.infer4j.runtime.internal.io.MappedFile;
import io.infer4j.runtime.internal.io.SegmentReader;
import io.infer4j.runtime.internal.tokenizer.Vocabulary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a llama2.c tokenizer file: int32 {@code max_token_length}, then per token a float32 score,
 * an int32 byte length and that many UTF-8 bytes. The token count is not stored; the model gives
 * it. Spaces are plain ASCII spaces; BOS = 1, EOS = 2, UNK = 0 as in run.c.
 */
public final class Llama2cTokenizerReader {
  private Llama2cTokenizerReader() {}

  /**
   * Reads {@code vocabSize} tokens from {@code file}.
   *
   * @throws io.infer4j.ModelFormatException naming the file if it is short or a length is bad
   */
  public static Vocabulary read(MappedFile file, int vocabSize) {
    SegmentReader in = file.reader();
    int maxLength = in.readInt("max_token_length");
    if (maxLength <= 0) {
      throw in.error("max_token_length = " + maxLength + " is not positive");
    }
    if (vocabSize < 3) {
      throw in.error("vocabulary size " + vocabSize + " is too small (needs <unk>, <s>, </s>)");
    }
    // each token takes at least 8 bytes (score + length)
    if (vocabSize > in.remaining() / 8) {
      throw in.error(
          "truncated: "
              + vocabSize
              + " tokens need at least "
              + 8L * vocabSize
              + " bytes but only "
              + in.remaining()
              + " remain");
    }
    List<String> pieces = new ArrayList<>(vocabSize);
    float[] scores = new float[vocabSize];
    for (int i = 0; i < vocabSize; i++) {
      scores[i] = in.readFloat("score of token " + i);
      int length = in.readInt("length of token " + i);
      if (length < 0) {
        throw in.error("token " + i + " has negative length " + length);
      }
      byte[] bytes = in.readBytes(length, "bytes of token " + i);
      pieces.add(new String(bytes, StandardCharsets.UTF_8));
    }
    return new Vocabulary(pieces, scores, 1, 2, 0, false, true);
  }
}
