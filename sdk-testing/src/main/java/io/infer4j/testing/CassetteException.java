package io.infer4j.testing;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A cassette file cannot be used: it is missing (nothing recorded yet), is not a valid cassette
 * (bad JSON, wrong format or version, a missing field), or cannot be written. The message names
 * the file and the problem. Raised when a record or replay backend is created, or by a recording
 * backend that fails to save.
 */
public final class CassetteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  public CassetteException(Path file, String problem, Throwable cause) {
    super("cassette " + Objects.requireNonNull(file, "file") + ": " + problem, cause);
    this.file = file;
  }

  /** {@return the cassette file at fault} */
  public Path file() {
    return file;
  }
}
