package io.infer4j.runtime.internal.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.internal.gguf.GgufFile;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.testing.TinyModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufLlamaLoaderTest {
  @TempDir Path dir;

  @Test
  void aHugeBlockCountIsAMissingTensorErrorNotAnAllocationOfThatSize() throws IOException {
    // found by GgufReaderFuzzTest: the loader once sized its layer list from the header
    Path file = TinyModel.random(3, true).writeGguf(dir, "lying.gguf", GgmlType.F32, 16);
    byte[] bytes = Files.readAllBytes(file);
    byte[] key = "llama.block_count".getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(bytes, key) + key.length + 4; // past the key and its UINT32 type id
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, Integer.MAX_VALUE);
    Files.write(file, bytes);
    try (GgufFile gguf = GgufFile.open(file)) {
      ModelFormatException e =
          assertThrows(
              ModelFormatException.class,
              () -> GgufLlamaLoader.weights(gguf, GgufLlamaLoader.config(gguf, 0)));
      assertTrue(e.getMessage().contains("missing tensor blk.2."), e.getMessage());
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("key not found");
  }
}
