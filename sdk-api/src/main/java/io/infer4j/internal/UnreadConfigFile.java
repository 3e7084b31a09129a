package io.infer4j.internal;

import java.net.URL;
import java.util.Optional;

/**
 * The MicroProfile Config file that nobody reads: without a MicroProfile Config implementation on
 * the class path, infer4j falls back to system properties and environment variables, and a
 * {@code META-INF/microprofile-config.properties} the application ships is silently ignored. This
 * finds such a file so that a "not set" error can say why the value in it did not count. Not API.
 */
final class UnreadConfigFile {

  /** Where MicroProfile Config implementations look for the application's properties file. */
  static final String RESOURCE = "META-INF/microprofile-config.properties";

  private UnreadConfigFile() {}

  /**
   * The sentence to add to an error about a missing setting, when {@code loader} sees a {@value
   * #RESOURCE}; empty when it sees none. Call only when no MicroProfile Config implementation is
   * present (the file is then never read).
   */
  static Optional<String> note(ClassLoader loader) {
    URL file = loader == null ? null : loader.getResource(RESOURCE);
    if (file == null) {
      return Optional.empty();
    }
    return Optional.of(RESOURCE + " (" + file + ") was not read: no MicroProfile Config"
        + " implementation is on the class path; add one, e.g. io.smallrye.config:smallrye-config"
        + " (infer4j-bom manages its version), or set the keys as system properties or"
        + " environment variables");
  }
}
