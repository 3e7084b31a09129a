package io.infer4j.internal;

import io.infer4j.spi.Settings;
import java.util.ServiceConfigurationError;

/** Which {@link Settings} a class loader sees, behind {@link Settings#detect}. Not API. */
public final class SettingsSources {

  private SettingsSources() {}

  /** MicroProfile Config for {@code loader} if available, otherwise system settings. */
  public static Settings detect(ClassLoader loader) {
    try {
      return MicroProfileSettings.forClassLoader(loader);
    } catch (IllegalStateException | NoClassDefFoundError | ServiceConfigurationError e) {
      // No MicroProfile Config implementation (or API) present: fall back, as documented, and
      // remember a properties file that the application may expect to be read.
      return new SystemSettings(
          System.getProperties(), System.getenv(), UnreadConfigFile.note(loader));
    }
  }
}
