package io.infer4j.samples.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigTest {

  private static final String KEY = "infer4j.test.cliconfig.rank";

  @TempDir Path dir;

  @AfterEach
  void clearProperty() {
    System.clearProperty(KEY);
  }

  @Test
  void withoutAnyOtherSourceMicroprofileConfigPropertiesIsRead() {
    Config config = CliConfig.load(null).withFlags(Map.of());

    assertEquals("alpha", config.getValue("infer4j.backend", String.class));
  }

  @Test
  void systemPropertyRanksAboveMicroprofileConfigProperties() {
    System.setProperty("infer4j.backend", "beta");
    try {
      Config config = CliConfig.load(null).withFlags(Map.of());

      assertEquals("beta", config.getValue("infer4j.backend", String.class));
    } finally {
      System.clearProperty("infer4j.backend");
    }
  }

  @Test
  void configFileRanksAboveSystemProperties() throws IOException {
    System.setProperty(KEY, "system");
    Path file = write(KEY + "=file\n");

    Config config = CliConfig.load(file).withFlags(Map.of());

    assertEquals("file", config.getValue(KEY, String.class));
  }

  @Test
  void flagsRankAboveTheConfigFile() throws IOException {
    System.setProperty(KEY, "system");
    Path file = write(KEY + "=file\n");

    Config config = CliConfig.load(file).withFlags(Map.of(KEY, "flag"));

    assertEquals("flag", config.getValue(KEY, String.class));
  }

  @Test
  void expressionsInTheConfigFileAreExpanded() throws IOException {
    System.setProperty(KEY, "from-system");
    Path file = write("infer4j.test.cliconfig.copy=${" + KEY + "}\n");

    Config config = CliConfig.load(file).withFlags(Map.of());

    assertEquals("from-system", config.getValue("infer4j.test.cliconfig.copy", String.class));
  }

  @Test
  void configFileIsReadAsUtf8() throws IOException {
    Path file = write(KEY + "=café\n");

    Config config = CliConfig.load(file).withFlags(Map.of());

    assertEquals("café", config.getValue(KEY, String.class));
  }

  @Test
  void missingFileNamesTheFlagAndThePath() {
    Path missing = dir.resolve("missing.properties");

    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, () -> CliConfig.load(missing));

    assertEquals("--config", e.key());
    assertEquals(missing.toString(), e.value());
    assertTrue(e.getMessage().endsWith("no such file"), e.getMessage());
  }

  @Test
  void directoryIsNotAConfigFile() {
    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, () -> CliConfig.load(dir));

    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
  }

  @Test
  void aNamedPipeIsRefusedAtOnceInsteadOfBlockingTheRead() {
    Path pipe = io.infer4j.runtime.testing.SpecialFiles.namedPipe(dir, "config.properties");

    // preemptive: a read blocked on a pipe ignores interrupts, so the test fails instead of hanging
    InvalidConfigurationException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        java.time.Duration.ofSeconds(5),
        () -> assertThrows(InvalidConfigurationException.class, () -> CliConfig.load(pipe)));

    assertEquals("--config", e.key());
    assertTrue(e.getMessage().contains("is a named pipe (FIFO), not a file"), e.getMessage());
  }

  @Test
  void malformedEscapeIsAClearError() throws IOException {
    Path file = write(KEY + "=\\uZZZZ\n");

    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, () -> CliConfig.load(file));

    assertTrue(e.getMessage().contains("not a valid properties file"), e.getMessage());
  }

  private Path write(String content) throws IOException {
    Path file = dir.resolve("c.properties");
    Files.writeString(file, content);
    return file;
  }
}
