package io.infer4j.runtime.internal.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer4j.InvalidRequestException;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HfReferenceTest {
  @Test
  void parsesOwnerRepoNestedFileAndRevision() {
    HfReference r = HfReference.parse("hf:ggml-org/models/tinyllamas/stories15M-q8_0.gguf@v1.0");
    assertEquals(
        new HfReference("ggml-org", "models", "tinyllamas/stories15M-q8_0.gguf", "v1.0"), r);
    assertEquals("main", HfReference.parse("hf:a/b/c.gguf").revision());
    assertEquals("stories15M-q8_0.gguf", r.fileName());
  }

  @Test
  void resolveUrlEncodesEachSegment() {
    HfReference r = HfReference.parse("hf:o/r/dir/my file+1.gguf@refs/pr/1");
    assertEquals(
        URI.create("https://hub.example/o/r/resolve/refs%2Fpr%2F1/dir/my%20file%2B1.gguf"),
        r.resolveUrl(URI.create("https://hub.example/")));
  }

  @Test
  void cachePathKeepsTheRevisionOneFolder() {
    HfReference r = HfReference.parse("hf:o/r/dir/f.gguf@refs/pr/1");
    assertEquals(Path.of("/c/hf/o/r/refs%2Fpr%2F1/dir/f.gguf"), r.cachePath(Path.of("/c")));
  }

  @Test
  void rejectsMissingPartsAndPathTricks() {
    for (String bad :
        new String[] {"hf:o/r", "hf:o//f.gguf", "hf:o/r/../x.gguf", "hf:o/r/f.gguf@", "hf:o/r/a\\b"}) {
      InvalidRequestException e =
          assertThrows(InvalidRequestException.class, () -> HfReference.parse(bad), bad);
      assertEquals("model", e.field());
    }
  }
}
