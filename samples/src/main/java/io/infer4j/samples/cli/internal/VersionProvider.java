package io.infer4j.samples.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code infer4j --version}: the infer4j version (from {@code version.properties}, filled in by
 * the build) and the Java runtime it runs on.
 */
public final class VersionProvider implements IVersionProvider {

  /** The infer4j version, or {@code "unknown"} when the build did not record it. */
  public static String infer4jVersion() {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    String v = p.getProperty("version", "unknown");
    return v.startsWith("${") ? "unknown" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "infer4j " + infer4jVersion(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"
    };
  }
}
