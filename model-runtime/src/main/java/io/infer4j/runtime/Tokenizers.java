package io.infer4j.runtime;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.internal.gguf.GgufFile;
import io.infer4j.runtime.internal.io.MappedFile;
import io.infer4j.runtime.internal.llama2c.Llama2cTokenizerReader;
import io.infer4j.runtime.internal.tokenizer.GgufTokenizers;
import io.infer4j.runtime.internal.tokenizer.SentencePieceTokenizer;
import java.nio.file.Path;

/**
 * Loads a tokenizer on its own, without weights. The file is read once and closed; the tokenizer
 * keeps its own copy of the vocabulary.
 */
public final class Tokenizers {
  private Tokenizers() {}

  /**
   * {@return the tokenizer of a GGUF file: SentencePiece BPE for {@code tokenizer.ggml.model = llama},
   * byte-level BPE for {@code gpt2}; works for vocabulary-only files}
   *
   * @param path the GGUF file
   * @throws io.infer4j.ModelNotFoundException if the file does not exist
   * @throws ModelFormatException if it is not GGUF or has no supported tokenizer
   */
  public static Tokenizer fromGguf(Path path) {
    try (GgufFile file = GgufFile.open(path)) {
      return GgufTokenizers.read(file.metadata(), path.toString());
    }
  }

  /**
   * {@return a llama2.c tokenizer file ({@code tokenizer.bin}, {@code tok512.bin}) of {@code vocabSize}
   * tokens (the file does not store the count; the model header does)}
   *
   * @param path the tokenizer file
   * @param vocabSize tokens the file holds, from the model's header
   * @throws io.infer4j.ModelNotFoundException if the file does not exist
   * @throws ModelFormatException if it is malformed or does not hold exactly {@code vocabSize}
   *     tokens (the message gives both counts)
   */
  public static Tokenizer fromLlama2c(Path path, int vocabSize) {
    try (MappedFile file = MappedFile.open(path)) {
      return new SentencePieceTokenizer(Llama2cTokenizerReader.read(file, vocabSize));
    }
  }
}
