package io.infer4j.samples.cli.internal;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.runtime.RegularFile;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;

/**
 * The configuration a command runs with, as MicroProfile (SmallRye) Config sources, highest
 * ordinal first:
 *
 * <ol>
 *   <li>{@value #FLAGS_ORDINAL}: the command's own flags ({@code --backend}, {@code --model}, ...),
 *   <li>{@value #FILE_ORDINAL}: the {@code --config FILE} properties,
 *   <li>the default sources: system properties (400), environment variables such as {@code
 *       INFER4J_BACKEND} (300), {@code META-INF/microprofile-config.properties} (100).
 * </ol>
 *
 * <p>Property expressions ({@code ${GROQ_API_KEY}}) are expanded. Immutable; each {@link
 * #withFlags} builds a new {@link Config}.
 */
public final class CliConfig {

  /** Ordinal of the command-line flags: above every other source. */
  public static final int FLAGS_ORDINAL = 500;

  /** Ordinal of the {@code --config} file: above system properties (400). */
  public static final int FILE_ORDINAL = 450;

  /** The pseudo key that errors about the {@code --config} file name. */
  public static final String CONFIG_FLAG = "--config";

  private final Path file;
  private final Map<String, String> fileProperties;

  private CliConfig(Path file, Map<String, String> fileProperties) {
    this.file = file;
    this.fileProperties = Map.copyOf(fileProperties);
  }

  /**
   * Reads the {@code --config} file, if any.
   *
   * @param file the properties file, or {@code null} for none
   * @throws InvalidConfigurationException naming {@code --config} and the path when the file is
   *     missing, unreadable or malformed
   */
  public static CliConfig load(Path file) {
    if (file == null) {
      return new CliConfig(null, Map.of());
    }
    return new CliConfig(file, readProperties(file));
  }

  /** The configuration with {@code flags} (full keys) as the highest-ordinal source. */
  public Config withFlags(Map<String, String> flags) {
    SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
        .addDefaultSources()
        .addDefaultInterceptors()
        .withSources(new PropertiesConfigSource(Map.copyOf(flags), "infer4j command-line flags",
            FLAGS_ORDINAL));
    if (file != null) {
      builder.withSources(new PropertiesConfigSource(fileProperties, "--config " + file,
          FILE_ORDINAL));
    }
    return builder.build();
  }

  private static Map<String, String> readProperties(Path file) {
    String path = file.toString();
    if (!Files.exists(file)) {
      throw new InvalidConfigurationException(CONFIG_FLAG, path, "no such file");
    }
    try {
      // a named pipe would block the read forever; say what it is instead
      Optional<String> kind = RegularFile.notRegular(file);
      if (kind.isPresent()) {
        throw new InvalidConfigurationException(CONFIG_FLAG, path, kind.get() + ", not a file");
      }
    } catch (IOException e) {
      throw new InvalidConfigurationException(CONFIG_FLAG, path, "cannot be read: " + e.getMessage(), e);
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new InvalidConfigurationException(
          CONFIG_FLAG, path, "cannot be read as UTF-8 properties: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(
          CONFIG_FLAG, path, "not a valid properties file: " + e.getMessage(), e);
    }
    Map<String, String> values = new HashMap<>();
    for (String key : properties.stringPropertyNames()) {
      values.put(key, properties.getProperty(key));
    }
    return values;
  }
}
