package io.infer4j.runtime.internal.embedded;

import io.infer4j.ModelFormatException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.runtime.internal.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * The small real model that ships inside this jar, so the in-process backends and the command line
 * answer with no model file and no network: Karpathy's TinyStories {@code stories260K} as Q8_0
 * GGUF (379,168 bytes; MIT; license, source and how the file was made in the {@code NOTICE} next
 * to it).
 *
 * <p>Models are memory-mapped, which a jar entry cannot be, so {@link #extract} copies it once
 * into a folder (the model cache) under a name that carries its checksum, verifies the copy and
 * reuses it from then on. Thread- and process-safe: each writer writes its own temporary file and
 * moves it into place atomically, so a reader never sees a partial file.
 */
public final class EmbeddedModel {
  /** The id that names the embedded model ({@code --model stories260K}); case-insensitive. */
  public static final String NAME = "stories260K";

  /** The file name of the embedded model, as served ({@code model} on responses). */
  public static final String FILE_NAME = "stories260K-q8_0.gguf";

  /** SHA-256 of the resource (also in its NOTICE). */
  static final String SHA256 = "f2517e01a370b962a27d8950b2da710e940724c7862fc713c3dc78081a17bc82";

  private EmbeddedModel() {}

  /** Whether {@code id} names the embedded model. */
  public static boolean names(String id) {
    return id != null && id.strip().toLowerCase(Locale.ROOT).equals(NAME.toLowerCase(Locale.ROOT));
  }

  /**
   * The embedded model as a file under {@code directory/embedded/SHA-PREFIX/}, copied there on the
   * first call. If that folder cannot be written (a read-only home, say), the copy goes to one
   * temporary file instead, made once per JVM and deleted when it exits (where the platform lets a
   * mapped file be deleted).
   *
   * @throws ModelNotFoundException if the resource is missing from the class path (a repackaged
   *     jar that dropped it)
   * @throws ModelFormatException if the resource does not match its checksum
   */
  public static Path extract(Path directory) {
    Path target = directory.resolve("embedded").resolve(SHA256.substring(0, 16)).resolve(FILE_NAME);
    if (Files.isRegularFile(target) && matches(target)) {
      return target;
    }
    Path part = null;
    try {
      Files.createDirectories(target.getParent());
      part = Files.createTempFile(target.getParent(), FILE_NAME, ".part");
      copyVerified(part);
      move(part, target);
      return target;
    } catch (IOException unwritable) {
      return extractToTemporaryFile(unwritable);
    } finally {
      deleteQuietly(part); // nothing left behind when the move did not happen
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a stray .part file in the cache is harmless: it is never read
      }
    }
  }

  /** The temporary copy made when the cache cannot be written, shared by every later call. */
  private static Path temporaryCopy;

  private static synchronized Path extractToTemporaryFile(IOException cacheFailure) {
    if (temporaryCopy != null && Files.isRegularFile(temporaryCopy)) {
      return temporaryCopy;
    }
    Path file = null;
    try {
      file = Files.createTempFile("infer4j-", "-" + FILE_NAME);
      file.toFile().deleteOnExit();
      copyVerified(file);
      temporaryCopy = file;
      return file;
    } catch (IOException e) {
      deleteQuietly(file);
      e.addSuppressed(cacheFailure);
      throw new ModelNotFoundException(NAME,
          "cannot write the embedded model to the model cache or a temporary file: " + e, e);
    }
  }

  /** Copies the resource to {@code file} (replacing it) and checks the copy's SHA-256. */
  private static void copyVerified(Path file) throws IOException {
    MessageDigest sha = Sha256.newDigest();
    try (InputStream resource = open();
        DigestInputStream in = new DigestInputStream(resource, sha);
        OutputStream out = Files.newOutputStream(file)) {
      in.transferTo(out);
    }
    String actual = Sha256.hex(sha.digest());
    if (!actual.equals(SHA256)) {
      Files.deleteIfExists(file);
      throw new ModelFormatException(NAME,
          "the embedded model resource is damaged: SHA-256 " + actual + ", expected " + SHA256);
    }
  }

  private static void move(Path part, Path target) throws IOException {
    try {
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static boolean matches(Path file) {
    try {
      return Sha256.of(file).equals(SHA256);
    } catch (IOException e) {
      return false;
    }
  }

  /** The resource's bytes; the caller closes the stream. */
  static InputStream open() {
    InputStream in = EmbeddedModel.class.getResourceAsStream(FILE_NAME);
    if (in == null) {
      throw new ModelNotFoundException(NAME,
          "the embedded model resource " + FILE_NAME + " is missing from the class path"
              + " (was the infer4j-model-runtime jar repackaged without its resources?)");
    }
    return in;
  }
}
