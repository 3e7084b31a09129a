package io.infer4j.runtime.internal.llama2c;

import io.infer4j.runtime.internal.io.MappedFile;
import io.infer4j.runtime.internal.io.SegmentReader;
import io.infer4j.runtime.internal.tokenizer.Vocabulary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a llama2.c tokenizer file: int32 {@code max_token_length}, then per token a float32 score,
 * an int32 byte length and that many UTF-8 bytes, up to the end of the file. The token count is
 * not stored; it must equal the model's vocabulary size. Spaces are plain ASCII spaces; BOS = 1,
 * EOS = 2, UNK = 0 as in run.c.
 */
public final class Llama2cTokenizerReader {
  private Llama2cTokenizerReader() {}

  /**
   * Reads the tokens of {@code file}, which must hold exactly {@code vocabSize} of them.
   *
   * @throws io.infer4j.ModelFormatException naming the file if it is malformed, or if it holds
   *     another number of tokens (the tokenizer of another model; the message gives both sizes)
   */
  public static Vocabulary read(MappedFile file, int vocabSize) {
    SegmentReader in = file.reader();
    if (vocabSize < 3) {
      throw in.error("vocabulary size " + vocabSize + " is too small (needs <unk>, <s>, </s>)");
    }
    long held = tokenCount(file);
    if (held != vocabSize) {
      throw in.error(
          "the tokenizer holds "
              + held
              + " tokens but the model's vocabulary has "
              + vocabSize
              + ": a llama2.c checkpoint needs the tokenizer it was exported with");
    }
    in.readInt("max_token_length");
    List<String> pieces = new ArrayList<>(vocabSize);
    float[] scores = new float[vocabSize];
    for (int i = 0; i < vocabSize; i++) {
      scores[i] = in.readFloat("score of token " + i);
      int length = in.readInt("length of token " + i);
      byte[] bytes = in.readBytes(length, "bytes of token " + i);
      pieces.add(new String(bytes, StandardCharsets.UTF_8));
    }
    return new Vocabulary(pieces, scores, 1, 2, 0, false, true);
  }

  /** Walks the records to the end of the file and counts them, checking each one's length. */
  private static long tokenCount(MappedFile file) {
    SegmentReader in = file.reader();
    int maxLength = in.readInt("max_token_length");
    if (maxLength <= 0) {
      throw in.error("max_token_length = " + maxLength + " is not positive");
    }
    long count = 0;
    while (in.remaining() > 0) {
      in.skip(4, "score of token " + count);
      int length = in.readInt("length of token " + count);
      if (length < 0) {
        throw in.error("token " + count + " has negative length " + length);
      }
      in.skip(length, "bytes of token " + count);
      count++;
    }
    return count;
  }
}
