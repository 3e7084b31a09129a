package io.infer4j.samples.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.samples.cli.CliProcess;
import io.infer4j.samples.cli.CliResult;
import io.infer4j.samples.cli.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CDI SE sample starts Weld, injects the default and the named client, and shuts down; when
 * misconfigured it prints one line naming the key to set, like the command line.
 */
class StoryAppTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void clear() {
    System.clearProperty("infer4j.backend");
    System.clearProperty("infer4j.backends.critic.type");
  }

  private int run() {
    return StoryApp.run(new String[] {"Once upon a time"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintWriter(err, true));
  }

  @Test
  void printsAStoryFromTheDefaultBackendAndAReviewFromTheNamedOne() {
    System.setProperty("infer4j.backend", "alpha");
    System.setProperty("infer4j.backends.critic.type", "beta");

    assertEquals(0, run(), err.toString());

    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.startsWith("Once upon a timealpha0 alpha1"), printed);
    assertTrue(printed.contains("-- critic: critic0 critic1"), printed);
    assertEquals("", err.toString());
  }

  @Test
  void withoutABackendItPrintsOneLineNamingInfer4jBackend() {
    System.setProperty("infer4j.backend", ""); // empty is unset; hides the test resources' alpha

    assertEquals(ExitCode.INVALID_CONFIGURATION.code(), run());

    List<String> lines = err.toString().lines().toList();
    assertEquals(1, lines.size(), err.toString());
    assertTrue(lines.get(0).startsWith(
        "error: InvalidConfigurationException: infer4j.backend (not set): no backend chosen"), lines.get(0));
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void withoutTheCriticItNamesTheCriticsTypeKey() {
    System.setProperty("infer4j.backend", "alpha");

    assertEquals(ExitCode.INVALID_CONFIGURATION.code(), run());

    List<String> lines = err.toString().lines().toList();
    assertEquals(1, lines.size(), err.toString());
    assertTrue(lines.get(0).startsWith("error: InvalidConfigurationException:"
        + " infer4j.backends.critic.type (not set): no backend named 'critic'"), lines.get(0));
  }

  @Test
  void theProcessExitsWithTheCodeAndOneLineOnStderr() {
    CliResult r = CliProcess.runMain(
        StoryApp.class, "", Map.of(), List.of("-Dinfer4j.backend="), "Once upon a time");

    assertEquals(ExitCode.INVALID_CONFIGURATION.code(), r.exitCode(), r.toString());
    assertEquals(1, r.errLines().size(), r.toString());
    assertTrue(r.errLines().get(0).startsWith(
        "error: InvalidConfigurationException: infer4j.backend (not set)"), r.toString());
    assertEquals("", r.out(), r.toString());
  }
}
