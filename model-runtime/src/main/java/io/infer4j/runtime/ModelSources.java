package io.infer4j.runtime;

import io.infer4j.InvalidRequestException;
import io.infer4j.ModelFormatException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.runtime.internal.embedded.EmbeddedModel;
import io.infer4j.runtime.internal.hub.HfReference;
import io.infer4j.runtime.internal.hub.HubDownloader;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Turns what a user passes as a model ({@code --model}, {@code infer4j.model}) into a local file:
 * a path is taken as is; a Hugging Face reference {@code hf:OWNER/REPO/FILE[@REVISION]} is
 * downloaded once into the {@link ModelCache} and its cached file returned from then on, without
 * network access; the id {@value #EMBEDDED} (when no file of that name exists) is the small real
 * model shipped inside this jar, copied once into the cache (no file, no network needed).
 *
 * <pre>{@code
 * Path file = ModelSources.resolve("hf:ggml-org/models/tinyllamas/stories15M-q8_0.gguf");
 * try (LlamaModel model = LlamaModel.load(file)) { ... }
 * }</pre>
 *
 * <p>Downloads are written to {@code FILE.part} and renamed only when complete and verified
 * against the size and SHA-256 the Hub announces, so a partial download never looks complete; an
 * interrupted one is resumed (HTTP {@code Range}) by the next call. Thread-safe; the call blocks
 * for the download.
 */
public final class ModelSources {
  /**
   * The id of the model embedded in this jar: Karpathy's TinyStories stories260K (260K
   * parameters, 512-token vocabulary and context; MIT), Q8_0 GGUF. The in-process backends use it
   * when no model is configured.
   */
  public static final String EMBEDDED = EmbeddedModel.NAME;

  private ModelSources() {}

  /**
   * {@link #resolve(String, ModelCache)} with {@link ModelCache#defaults()}.
   *
   * @param pathOrRef a file path, an {@code hf:} reference or {@value #EMBEDDED}
   * @return the local file
   * @throws ModelNotFoundException as there
   */
  public static Path resolve(String pathOrRef) {
    return resolve(pathOrRef, ModelCache.defaults());
  }

  /**
   * {@return the local file for {@code pathOrRef}}
   *
   * @param pathOrRef a file path, {@code hf:OWNER/REPO/FILE[@REVISION]} (revision {@code main} by
   *     default), or {@value #EMBEDDED} (case-insensitive; an existing file of that name wins, a
   *     folder does not)
   * @param cache where references are downloaded to and looked up
   * @throws ModelNotFoundException naming the path if a plain path does not exist; for a reference:
   *     if the Hub has no such file, refuses it, or cannot be reached while the cache has no copy
   *     (the message says how to pass a local file instead)
   * @throws InvalidRequestException naming {@code model} if a reference is malformed
   * @throws ModelFormatException if a download does not match its announced size or checksum (it
   *     is deleted; a later call downloads it again)
   */
  public static Path resolve(String pathOrRef, ModelCache cache) {
    Objects.requireNonNull(pathOrRef, "pathOrRef");
    Objects.requireNonNull(cache, "cache");
    if (HfReference.looksLike(pathOrRef)) {
      HfReference ref = HfReference.parse(pathOrRef);
      HubDownloader downloader =
          new HubDownloader(
              cache.hubUrl(),
              cache.directory(),
              cache.progress() ? System.err : null,
              cache.connectTimeout());
      return downloader.fetch(ref);
    }
    if (EmbeddedModel.names(pathOrRef) && !isRegularFile(pathOrRef)) {
      return EmbeddedModel.extract(cache.directory());
    }
    Path path;
    try {
      path = Path.of(pathOrRef);
    } catch (InvalidPathException e) {
      throw new ModelNotFoundException(pathOrRef, "not a valid file path: " + e.getMessage(), e);
    }
    if (!Files.exists(path)) {
      throw new ModelNotFoundException(
          pathOrRef,
          "no such file: "
              + path.toAbsolutePath()
              + " (pass an existing file, a Hugging Face reference hf:OWNER/REPO/FILE, or "
              + EMBEDDED + " for the model embedded in infer4j)");
    }
    return path;
  }

  /** Whether {@code text} names a regular file (a folder of that name does not count). */
  private static boolean isRegularFile(String text) {
    try {
      return Files.isRegularFile(Path.of(text));
    } catch (InvalidPathException e) {
      return false;
    }
  }
}
