package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.internal.embedded.EmbeddedModel;
import io.infer4j.runtime.internal.io.Sha256;
import io.infer4j.runtime.testing.SharedFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model embedded in the jar: found by its id without any file or network, copied once into the
 * cache, verified, and the same model as the shared stories260K Q8_0 file with the context it was
 * trained with.
 */
class EmbeddedModelTest {
  private static final String ONCE = "Once upon a time";
  /** The checksum the NOTICE gives for the embedded file. */
  private static final String SHA256 =
      "f2517e01a370b962a27d8950b2da710e940724c7862fc713c3dc78081a17bc82";

  @TempDir Path dir;

  private ModelCache cache() {
    // An unreachable Hub: resolving the embedded model must never need it.
    return new ModelCache(dir, URI.create("http://127.0.0.1:9"), false, Duration.ofMillis(200));
  }

  @Test
  void itsIdResolvesToAVerifiedCopyInTheCacheWithoutNetwork() throws IOException {
    Path file = ModelSources.resolve("stories260K", cache());
    assertTrue(file.startsWith(dir), file.toString());
    assertEquals(EmbeddedModel.FILE_NAME, file.getFileName().toString());
    assertEquals(379_168, Files.size(file));
    assertEquals(ModelSources.resolve(" STORIES260k ", cache()), file, "the id is case-insensitive");
  }

  @Test
  void theCopyIsMadeOnceAndReplacedWhenDamaged() throws IOException {
    Path file = ModelSources.resolve(ModelSources.EMBEDDED, cache());
    FileTime written = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(file, written);
    assertEquals(file, ModelSources.resolve(ModelSources.EMBEDDED, cache()));
    assertEquals(written, Files.getLastModifiedTime(file), "an intact copy is reused as is");

    String intact = Sha256.of(file);
    Files.write(file, new byte[] {1, 2, 3});
    assertEquals(file, ModelSources.resolve(ModelSources.EMBEDDED, cache()));
    assertEquals(intact, Sha256.of(file), "a damaged copy is written again");
    try (var listing = Files.list(file.getParent())) {
      assertEquals(1, listing.count(), "no temporary file is left beside it");
    }
  }

  @Test
  void threadsAskingAtOnceGetOneIntactCopy() throws Exception {
    int threads = 8;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.List<java.util.concurrent.Future<Path>> copies = new java.util.ArrayList<>();
      for (int i = 0; i < threads; i++) {
        copies.add(pool.submit(() -> {
          start.await();
          return ModelSources.resolve(ModelSources.EMBEDDED, cache());
        }));
      }
      Path first = copies.get(0).get();
      for (var copy : copies) {
        assertEquals(first, copy.get());
      }
      assertEquals(SHA256, Sha256.of(first));
      try (var listing = Files.list(first.getParent())) {
        assertEquals(1, listing.count(), "no temporary file is left beside it");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anUnwritableCacheFallsBackToATemporaryFile() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("occupied"), "a file, not a folder");
    Path file = ModelSources.resolve(ModelSources.EMBEDDED, cache().withDirectory(notADirectory));
    assertTrue(Files.isRegularFile(file));
    assertEquals(379_168, Files.size(file));
    assertTrue(!file.startsWith(dir), file.toString());
    assertEquals(file, ModelSources.resolve(ModelSources.EMBEDDED, cache().withDirectory(notADirectory)),
        "one temporary copy per JVM, not one per call");
  }

  @Test
  void itLoadsWithTheTrainedContextAndTellsAStory() {
    try (LlamaModel model = LlamaModel.load(ModelSources.resolve(ModelSources.EMBEDDED, cache()))) {
      ModelConfig c = model.config();
      assertEquals(64, c.dim());
      assertEquals(5, c.layers());
      assertEquals(512, c.vocabSize());
      assertEquals(512, c.contextLength(), "patched from the converter's 128 to the trained 512");
      String story = GoldenGenerationTest.runLikeRunc(model, ONCE, 200, Samplers.greedy()).text();
      assertTrue(story.startsWith(ONCE), story);
      assertTrue(story.split("\\s+").length > 40, "a story of some length: " + story);
    }
  }

  @Test
  void itIsTheSharedQ8FileWithOnlyTheContextLengthChanged() throws IOException {
    byte[] shared = Files.readAllBytes(SharedFiles.model("stories260K-q8_0.gguf"));
    byte[] embedded = Files.readAllBytes(ModelSources.resolve(ModelSources.EMBEDDED, cache()));
    assertEquals(shared.length, embedded.length);
    int differing = 0;
    for (int i = 0; i < shared.length; i++) {
      differing += shared[i] != embedded[i] ? 1 : 0;
    }
    assertTrue(differing >= 1 && differing <= 4, "one uint32 differs, not " + differing + " bytes");

    try (LlamaModel original = LlamaModel.load(
            SharedFiles.model("stories260K-q8_0.gguf"), ModelOptions.defaults().withContextLength(512));
        LlamaModel model = LlamaModel.load(ModelSources.resolve(ModelSources.EMBEDDED, cache()))) {
      int[] expected = GoldenGenerationTest.runLikeRunc(original, ONCE, 256, Samplers.greedy()).ids();
      int[] actual = GoldenGenerationTest.runLikeRunc(model, ONCE, 256, Samplers.greedy()).ids();
      assertArrayEquals(expected, actual);
      int[] llamaCpp = SharedFiles.goldenIds("llamacpp/stories260K-q8_0__once__n64.kvf32.ids.txt");
      assertArrayEquals(llamaCpp, Arrays.copyOf(actual, llamaCpp.length), "llama.cpp's Q8_0 ids");
    }
  }
}
