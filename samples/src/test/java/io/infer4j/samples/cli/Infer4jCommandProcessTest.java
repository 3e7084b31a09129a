package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line as a real process: exit status, and nothing but the contract on the streams. */
class Infer4jCommandProcessTest {

  @Test
  void unknownBackendExitsNonZeroWithExactlyOneStderrLine() {
    CliResult r = CliProcess.run(Map.of(), List.of("-Dinfer4j.backend=nosuch"),
        "generate", "--prompt", "x");

    assertEquals(ExitCode.INVALID_CONFIGURATION.code(), r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    String line = r.errLines().get(0);
    assertTrue(line.startsWith("error: InvalidConfigurationException: infer4j.backend=nosuch:"), line);
    assertTrue(line.contains("available backends: alpha, beta, echo, fake"), line);
    assertEquals("", r.out());
  }

  @Test
  void chatReadsPipedStdinAndPrintsOnlyTheAnswers() {
    CliResult r = CliProcess.runWithInput("hi\nhello again\n/exit\n", Map.of(), List.of(),
        "chat", "--backend", "beta", "--max-tokens", "2");

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(List.of("beta0 beta1", "beta0 beta1"), r.outLines());
    assertEquals("", r.err());
  }
}
