package io.infer4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidConfigurationException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a MicroProfile Config implementation, META-INF/microprofile-config.properties is not
 * read; the "not set" errors say so instead of staying silent.
 */
class UnreadConfigFileTest {

  @TempDir Path dir;

  /** A loader that sees only {@code dir} (and the JDK), with or without the properties file. */
  private ClassLoader loader(boolean withFile) throws IOException {
    if (withFile) {
      Path meta = Files.createDirectories(dir.resolve("META-INF"));
      Files.writeString(meta.resolve("microprofile-config.properties"), "infer4j.backend=beta\n");
    }
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
  }

  @Test
  void aPropertiesFileOnTheClassPathIsNamedWithTheDependencyToAdd() throws IOException {
    Optional<String> note = UnreadConfigFile.note(loader(true));

    assertTrue(note.isPresent());
    String n = note.get();
    assertTrue(n.startsWith("META-INF/microprofile-config.properties ("), n);
    URL file = dir.resolve("META-INF/microprofile-config.properties").toUri().toURL();
    assertTrue(n.contains("(" + file + ")"), n);
    assertTrue(n.contains("was not read"), n);
    assertTrue(n.contains("io.smallrye.config:smallrye-config"), n);
  }

  @Test
  void withoutAPropertiesFileThereIsNothingToSay() throws IOException {
    assertEquals(Optional.empty(), UnreadConfigFile.note(loader(false)));
  }

  @Test
  void theNotSetErrorCarriesTheNote() throws IOException {
    SystemSettings settings = new SystemSettings(
        new Properties(), Map.of(), UnreadConfigFile.note(loader(true)));
    BackendResolver resolver = new BackendResolver(settings, getClass().getClassLoader());

    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, resolver::defaultClient);

    assertEquals("infer4j.backend", e.key());
    String m = e.getMessage();
    assertTrue(m.startsWith("infer4j.backend (not set): no backend chosen; available backends: alpha, beta"), m);
    assertTrue(m.contains("microprofile-config.properties (file:"), m);
    assertTrue(m.contains("add one, e.g. io.smallrye.config:smallrye-config"), m);
  }

  @Test
  void anUnknownInstanceCarriesTheNoteToo() throws IOException {
    Properties chosen = new Properties();
    chosen.setProperty("infer4j.backend", "sim"); // sim's type would be in the unread file
    SystemSettings settings = new SystemSettings(chosen, Map.of(), UnreadConfigFile.note(loader(true)));

    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> new BackendResolver(settings, getClass().getClassLoader()).defaultClient());

    assertTrue(e.getMessage().contains("no backend named 'sim'"), e.getMessage());
    assertTrue(e.getMessage().contains("microprofile-config.properties (file:"), e.getMessage());
  }

  @Test
  void withoutAnUnreadFileTheErrorIsUnchanged() {
    BackendResolver resolver = new BackendResolver(
        new SystemSettings(new Properties(), Map.of()), getClass().getClassLoader());

    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, resolver::defaultClient);

    assertFalse(e.getMessage().contains("microprofile-config.properties"), e.getMessage());
  }
}
