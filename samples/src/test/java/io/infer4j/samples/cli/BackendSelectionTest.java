package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend can be chosen by every configuration source, and the sources rank: flags, then the
 * --config file, then system properties, then environment variables, then
 * META-INF/microprofile-config.properties (the test resources' one says alpha).
 */
class BackendSelectionTest {

  private static final String NL = System.lineSeparator();

  @TempDir Path dir;

  @Test
  void microprofileConfigPropertiesGivesTheDefaultBackend() {
    CliResult r = Cli.run("generate", "--prompt", "x", "--max-tokens", "2");

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("alpha0 alpha1" + NL, r.out());
  }

  @Test
  void configFileChoosesTheBackend() {
    Path config = Cli.configFile(dir, "infer4j.backend=beta");

    CliResult r = Cli.run("generate", "--config", config.toString(), "--prompt", "x",
        "--max-tokens", "2");

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("beta0 beta1" + NL, r.out());
  }

  @Test
  void misspeltKeysInTheConfigFileAreAWarningLineEach() {
    Path config = Cli.configFile(dir, "infer4j.backend=gpu", "infer4j.backends.gpu.kernal=ggml",
        "infer4j.bakend=lpu");

    CliResult r = Cli.run("generate", "--config", config.toString(), "--prompt", "x",
        "--max-tokens", "2");

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(List.of("infer4j: warning: infer4j.backends.gpu.kernal was not read when backend"
        + " 'gpu' (type gpu) was created: misspelt, or not a setting of this type? Settings it"
        + " read: chat-template, context-length, device, kernels, model, tokenizer, warm-up",
        "infer4j: warning: infer4j.bakend is not a key infer4j reads: misspelt? Its keys of that"
        + " form: infer4j.backend, infer4j.model, infer4j.listeners; a backend's own go under"
        + " infer4j.backends.NAME."), r.errLines(), r::toString);
  }

  @Test
  void systemPropertyChoosesTheBackend() {
    CliResult r = Cli.withSystemProperty("infer4j.backend", "beta",
        () -> Cli.run("generate", "--prompt", "x", "--max-tokens", "2"));

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("beta0 beta1" + NL, r.out());
  }

  @Test
  void environmentVariableChoosesTheBackendInARealProcess() {
    CliResult r = CliProcess.run(Map.of("INFER4J_BACKEND", "beta"), List.of(),
        "generate", "--prompt", "x", "--max-tokens", "2");

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("beta0 beta1" + NL, r.out());
    assertEquals("", r.err());
  }

  @Test
  void configFileRanksAboveASystemProperty() {
    Path config = Cli.configFile(dir, "infer4j.backend=beta");

    CliResult r = Cli.withSystemProperty("infer4j.backend", "echo",
        () -> Cli.run("generate", "--config", config.toString(), "--prompt", "x",
            "--max-tokens", "1"));

    assertEquals("beta0" + NL, r.out(), r::toString);
  }

  @Test
  void backendFlagRanksAboveEveryOtherSource() {
    Path config = Cli.configFile(dir, "infer4j.backend=beta");

    CliResult r = Cli.withSystemProperty("infer4j.backend", "echo",
        () -> Cli.run("generate", "--config", config.toString(), "--backend", "alpha",
            "--prompt", "x", "--max-tokens", "1"));

    assertEquals("alpha0" + NL, r.out(), r::toString);
  }

  @Test
  void instanceFlagsFollowTheBackendThatTheConfigChooses() {
    Path config = Cli.configFile(dir, "infer4j.backend=loud", "infer4j.backends.loud.type=echo");

    CliResult r = Cli.run("generate", "--config", config.toString(), "--prompt", "x",
        "--base-url", "http://127.0.0.1:9");

    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().contains("base_url=[http://127.0.0.1:9]"), r::toString);
  }
}
