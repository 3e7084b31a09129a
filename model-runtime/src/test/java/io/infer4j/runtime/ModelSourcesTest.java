package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidRequestException;
import io.infer4j.ModelFormatException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.runtime.testing.SharedFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hugging Face references against a local MockWebServer serving a file from ../shared/models. */
class ModelSourcesTest {
  private static final String REF = "hf:infer4j/tiny/stories260K-q8_0.gguf";
  private static final String RESOLVE = "/infer4j/tiny/resolve/main/stories260K-q8_0.gguf";
  private static final String CDN = "/cdn/blob/stories260K-q8_0.gguf";

  @TempDir Path cacheDir;
  // Made here, not in start(): a skip there (no shared file) still runs stop(), and closing a
  // server that never started is a no-op.
  private final MockWebServer server = new MockWebServer();
  private byte[] file;
  private String sha256;

  @BeforeEach
  void start() throws Exception {
    file = Files.readAllBytes(SharedFiles.model("stories260K-q8_0.gguf"));
    sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ModelCache cache() {
    return new ModelCache(
        cacheDir, URI.create(server.url("/").toString()), false, Duration.ofSeconds(5));
  }

  private Path cached() {
    return cacheDir.resolve("hf/infer4j/tiny/main/stories260K-q8_0.gguf");
  }

  private Path part() {
    return cacheDir.resolve("hf/infer4j/tiny/main/stories260K-q8_0.gguf.part");
  }

  /** The Hub's answer for an LFS file: a redirect that announces size and SHA-256. */
  private MockResponse redirect(String announcedSha) {
    return new MockResponse.Builder()
        .code(302)
        .setHeader("Location", server.url(CDN).toString())
        .setHeader("X-Linked-Size", file.length)
        .setHeader("X-Linked-Etag", "\"" + announcedSha + "\"")
        .build();
  }

  private static MockResponse full(byte[] bytes) {
    return new MockResponse.Builder().code(200).body(new Buffer().write(bytes)).build();
  }

  private MockResponse rest(int from) {
    return new MockResponse.Builder()
        .code(206)
        .setHeader("Content-Range", "bytes " + from + "-" + (file.length - 1) + "/" + file.length)
        .body(new Buffer().write(Arrays.copyOfRange(file, from, file.length)))
        .build();
  }

  private RecordedRequest take() throws InterruptedException {
    return server.takeRequest(5, TimeUnit.SECONDS);
  }

  @Test
  void aReferenceIsDownloadedOnceVerifiedAndRenamedIntoTheCache() throws Exception {
    server.enqueue(redirect(sha256));
    server.enqueue(full(file));
    Path path = ModelSources.resolve(REF, cache());
    assertEquals(cached(), path);
    assertArrayEquals(file, Files.readAllBytes(path));
    assertFalse(Files.exists(part()), "no .part is left behind");
    RecordedRequest first = take();
    assertEquals("GET", first.getMethod());
    assertEquals(RESOLVE, first.getTarget());
    assertNull(first.getHeaders().get("Range"));
    assertEquals(CDN, take().getTarget());
    try (LlamaModel model = LlamaModel.load(path)) {
      assertEquals(512, model.config().vocabSize()); // the download is the usable model
    }
  }

  @Test
  void aCachedFileIsReturnedWithoutAnyRequest() throws Exception {
    server.enqueue(redirect(sha256));
    server.enqueue(full(file));
    Path first = ModelSources.resolve(REF, cache());
    Path again = ModelSources.resolve(REF, cache());
    assertEquals(first, again);
    assertEquals(2, server.getRequestCount()); // the redirect and the body, once
  }

  @Test
  void twoThreadsAskingForTheSameFileShareOneDownload() throws Exception {
    server.enqueue(redirect(sha256));
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(new Buffer().write(file))
            .throttleBody(64 * 1024, 20, TimeUnit.MILLISECONDS) // slow enough to overlap
            .build());
    ModelCache cache = cache();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
      var first = pool.submit(() -> ModelSources.resolve(REF, cache));
      var second = pool.submit(() -> ModelSources.resolve(REF, cache));
      assertEquals(cached(), first.get(10, TimeUnit.SECONDS));
      assertEquals(cached(), second.get(10, TimeUnit.SECONDS));
    }
    assertArrayEquals(file, Files.readAllBytes(cached()));
    assertEquals(2, server.getRequestCount()); // one redirect, one body
  }

  @Test
  void aBodyThatBreaksOffIsResumedWithARangeRequest() throws Exception {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String range = request.getHeaders().get("Range");
            if (range == null) {
              return new MockResponse.Builder()
                  .code(200)
                  .setHeader("X-Linked-Etag", sha256)
                  .body(new Buffer().write(file))
                  .onResponseBody(new SocketEffect.CloseSocket())
                  .build(); // the connection drops part-way through the body
            }
            return rest(Integer.parseInt(range.substring("bytes=".length(), range.length() - 1)));
          }
        });
    Path path = ModelSources.resolve(REF, cache());
    assertArrayEquals(file, Files.readAllBytes(path));
    assertNull(take().getHeaders().get("Range"));
    String range = take().getHeaders().get("Range");
    long from = Long.parseLong(range.substring("bytes=".length(), range.length() - 1));
    assertTrue(from > 0 && from < file.length, range);
  }

  @Test
  void aPartLeftByAnEarlierRunIsResumedFromItsLength() throws Exception {
    Files.createDirectories(part().getParent());
    Files.write(part(), Arrays.copyOf(file, 100_000));
    server.enqueue(redirect(sha256));
    server.enqueue(rest(100_000));
    Path path = ModelSources.resolve(REF, cache());
    assertArrayEquals(file, Files.readAllBytes(path));
    assertEquals("bytes=100000-", take().getHeaders().get("Range"));
  }

  @Test
  void aServerThatIgnoresTheRangeGivesTheWholeFileAgain() throws Exception {
    Files.createDirectories(part().getParent());
    Files.write(part(), new byte[] {1, 2, 3}); // not even a prefix of the file
    server.enqueue(full(file));
    assertArrayEquals(file, Files.readAllBytes(ModelSources.resolve(REF, cache())));
  }

  @Test
  void aChecksumMismatchIsAFormatErrorAndLeavesNothingThatLooksComplete() {
    String wrong = "0".repeat(64);
    server.enqueue(redirect(wrong));
    server.enqueue(full(file));
    ModelFormatException e =
        assertThrows(ModelFormatException.class, () -> ModelSources.resolve(REF, cache()));
    assertTrue(e.getMessage().contains(wrong), e.getMessage());
    assertTrue(e.getMessage().contains(sha256), e.getMessage());
    assertFalse(Files.exists(cached()));
    assertFalse(Files.exists(part()));
  }

  @Test
  void aMissingFileIsModelNotFound() {
    server.enqueue(new MockResponse.Builder().code(404).body("Entry not found").build());
    ModelNotFoundException e =
        assertThrows(ModelNotFoundException.class, () -> ModelSources.resolve(REF, cache()));
    assertEquals(REF, e.model());
    assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    assertFalse(Files.exists(cached()));
    assertFalse(Files.exists(part()));
  }

  @Test
  void offlineWithoutACachedCopySaysHowToPassALocalFile() throws IOException {
    ModelCache unreachable = cache();
    server.close(); // nothing listens on its port any more: connection refused
    ModelNotFoundException e =
        assertThrows(ModelNotFoundException.class, () -> ModelSources.resolve(REF, unreachable));
    assertTrue(e.getMessage().contains("pass a local file"), e.getMessage());
    assertTrue(e.getMessage().contains("--model /path/to/stories260K-q8_0.gguf"), e.getMessage());
    assertFalse(Files.exists(cached()));
  }

  @Test
  void offlineWithACachedCopyUsesIt() throws IOException {
    Files.createDirectories(cached().getParent());
    Files.write(cached(), file);
    ModelCache unreachable = cache();
    server.close();
    assertEquals(cached(), ModelSources.resolve(REF, unreachable));
  }

  @Test
  void aPlainPathPassesThroughAndAMissingOneIsNamed() {
    Path model = SharedFiles.model("stories260K-q8_0.gguf");
    assertEquals(model, ModelSources.resolve(model.toString(), cache()));
    String missing = cacheDir.resolve("nope.gguf").toString();
    ModelNotFoundException e =
        assertThrows(ModelNotFoundException.class, () -> ModelSources.resolve(missing, cache()));
    assertEquals(missing, e.model());
    assertTrue(e.getMessage().contains(missing), e.getMessage());
  }

  @Test
  void aMalformedReferenceIsAnInvalidRequestNamingModel() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class, () -> ModelSources.resolve("hf:owner/repo", cache()));
    assertEquals("model", e.field());
    assertTrue(e.getMessage().contains("hf:OWNER/REPO/FILE[@REVISION]"), e.getMessage());
  }
}
