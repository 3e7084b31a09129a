package io.infer4j.runtime;

import io.infer4j.ModelFormatException;
import io.infer4j.ModelNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Checks that a path names a regular file before a reader opens it. Opening a named pipe for
 * reading blocks until some process opens it for writing, which for a mistyped model path is
 * forever; a directory or a device cannot be mapped ("No such device"). The check reads the file's
 * attributes (following links), never opens it.
 *
 * <p>A path replaced by a pipe between the check and the open is not covered: Java cannot open a
 * file without blocking on a pipe. Stateless.
 */
public final class RegularFile {
  // st_mode's file type bits (POSIX sys/stat.h), read through the "unix" attribute view
  private static final int S_IFMT = 0170000;
  private static final int S_IFIFO = 0010000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFSOCK = 0140000;

  private RegularFile() {}

  /**
   * Checks {@code path} before it is opened for reading.
   *
   * @param path the model or tokenizer file; links are followed
   * @throws ModelNotFoundException if nothing exists at {@code path} ("model file not found")
   * @throws ModelFormatException naming {@code path} and what it is: "is a directory", "is a named
   *     pipe (FIFO)", "is a character device", ..., or that it cannot be read (permissions)
   */
  public static void require(Path path) {
    Optional<String> kind;
    try {
      kind = notRegular(path);
    } catch (NoSuchFileException e) {
      throw new ModelNotFoundException(path.toString(), "model file not found: " + path);
    } catch (IOException e) {
      throw new ModelFormatException(path.toString(), "cannot read its attributes: " + e, e);
    }
    if (kind.isPresent()) {
      throw new ModelFormatException(path.toString(), kind.get() + ", not a regular file");
    }
    if (!Files.isReadable(path)) {
      throw new ModelFormatException(
          path.toString(), "cannot be read: this process lacks read permission on it");
    }
  }

  /**
   * {@return what {@code path} is when it exists but is not a regular file ("is a directory", "is a named
   * pipe (FIFO)", ...), or empty for a regular file (or a link to one)}
   *
   * @param path the file to check; links are followed
   * @throws NoSuchFileException if nothing exists there
   * @throws IOException if its attributes cannot be read
   */
  public static Optional<String> notRegular(Path path) throws IOException {
    BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
    if (a.isRegularFile()) {
      return Optional.empty();
    }
    if (a.isDirectory()) {
      return Optional.of("is a directory");
    }
    return Optional.of(special(path));
  }

  /** The kind of a file that is neither regular nor a directory, as precisely as the OS tells. */
  private static String special(Path path) {
    int mode;
    try {
      mode = (Integer) Files.getAttribute(path, "unix:mode");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "is a device, pipe or socket"; // no "unix" view on this platform
    }
    return switch (mode & S_IFMT) {
      case S_IFIFO -> "is a named pipe (FIFO)";
      case S_IFCHR -> "is a character device";
      case S_IFBLK -> "is a block device";
      case S_IFSOCK -> "is a socket";
      default -> "is a device, pipe or socket";
    };
  }
}
