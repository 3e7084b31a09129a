package io.infer4j.runtime.internal.llama2c;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.infer4j.ModelFormatException;
import io.infer4j.runtime.internal.io.MappedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes read as a llama2.c checkpoint, or as a llama2.c tokenizer file of a fuzzed
 * vocabulary size, either load or fail with {@link ModelFormatException}; anything else thrown is
 * a finding. The first input byte picks which reader.
 */
class Llama2cReaderFuzzTest {
  @FuzzTest(maxDuration = "2s")
  void arbitraryBytesLoadOrFailWithAFormatError(FuzzedDataProvider data) {
    boolean tokenizer = data.consumeBoolean();
    int vocabSize = tokenizer ? data.consumeInt(1, 1 << 20) : 0;
    byte[] bytes = data.consumeRemainingAsBytes();
    try (MappedFile file = MappedFile.inMemory("fuzz.bin", bytes)) {
      if (tokenizer) {
        Llama2cTokenizerReader.read(file, vocabSize);
      } else {
        Llama2cCheckpoint.read(file);
      }
    } catch (ModelFormatException expected) {
      // the one allowed failure
    }
  }

  @Test
  void theCheckpointSeedIsAWholeModelSoFuzzingStartsDeepInTheReader() throws IOException {
    byte[] seed;
    try (InputStream in =
        getClass()
            .getResourceAsStream(
                "Llama2cReaderFuzzTestInputs/arbitraryBytesLoadOrFailWithAFormatError/tiny-checkpoint")) {
      seed = in.readAllBytes();
    }
    // the last byte is the fuzzer's choice of reader (0: checkpoint)
    try (MappedFile file = MappedFile.inMemory("seed.bin", Arrays.copyOf(seed, seed.length - 1))) {
      assertEquals(8, Llama2cCheckpoint.read(file).config().dim());
    }
  }
}
