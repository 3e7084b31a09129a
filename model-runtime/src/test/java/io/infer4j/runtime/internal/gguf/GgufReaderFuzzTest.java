package io.infer4j.runtime.internal.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.infer4j.ModelFormatException;
import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.internal.io.MappedFile;
import io.infer4j.runtime.internal.model.GgufLlamaLoader;
import io.infer4j.runtime.internal.tokenizer.GgufTokenizers;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes read as a GGUF model (header, metadata, tensor infos, then the Llama config,
 * weights and tokenizer built from them) either load or fail with {@link ModelFormatException};
 * anything else thrown (an index exception, an OutOfMemoryError) is a finding. Seeds: {@code
 * GgufReaderFuzzTestInputs/} in the test resources.
 */
class GgufReaderFuzzTest {
  @FuzzTest(maxDuration = "2s")
  void arbitraryBytesLoadOrFailWithAFormatError(byte[] data) {
    try (MappedFile file = MappedFile.inMemory("fuzz.gguf", data)) {
      GgufFile gguf = GgufReader.read(file);
      ModelConfig config = GgufLlamaLoader.config(gguf, 0);
      GgufLlamaLoader.weights(gguf, config);
      GgufTokenizers.read(gguf.metadata(), "fuzz.gguf");
    } catch (ModelFormatException expected) {
      // the one allowed failure
    }
  }

  @Test
  void theSeedIsAWholeModelSoFuzzingStartsDeepInTheLoader() throws IOException {
    byte[] seed;
    try (InputStream in =
        getClass()
            .getResourceAsStream(
                "GgufReaderFuzzTestInputs/arbitraryBytesLoadOrFailWithAFormatError/tiny-llama-gguf.seed")) {
      seed = in.readAllBytes();
    }
    try (MappedFile file = MappedFile.inMemory("seed.gguf", seed)) {
      GgufFile gguf = GgufReader.read(file);
      ModelConfig config = GgufLlamaLoader.config(gguf, 0);
      GgufLlamaLoader.weights(gguf, config);
      assertEquals(8, config.dim());
      assertEquals(4, GgufTokenizers.read(gguf.metadata(), "seed.gguf").vocabularySize());
    }
  }
}
