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

  /**
   * A cassette that cannot be used.
   *
   * @param file the cassette file at fault
   * @param problem what is wrong with it
   * @param cause the underlying exception (an {@code IOException}, a JSON parser's), or {@code
   *     null}
   * @throws NullPointerException if {@code file} is {@code null}
   */
  public CassetteException(Path file, String problem, Throwable cause) {
    super("cassette " + Objects.requireNonNull(file, "file") + ": " + problem, cause);
    this.file = file;
  }

  /** {@return the cassette file at fault} */
  public Path file() {
    return file;
  }
}
