package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Infer4jCommandTest {

  @Test
  void helpListsTheCommands() {
    CliResult r = Cli.run("--help");

    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().contains("generate"), r::toString);
    assertTrue(r.out().contains("chat"), r::toString);
    assertEquals("", r.err());
  }

  @Test
  void versionNamesInfer4jAndTheJavaRuntime() {
    CliResult r = Cli.run("--version");

    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.outLines().get(0).startsWith("infer4j "), r::toString);
    assertTrue(r.out().contains("Java " + Runtime.version().feature()), r::toString);
  }

  @Test
  void noCommandIsAUsageErrorOnOneLine() {
    CliResult r = Cli.run();

    assertEquals(ExitCode.USAGE.code(), r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().startsWith("error: ParameterException: no command given"), r::toString);
    assertEquals("", r.out());
  }

  @Test
  void unknownOptionIsAUsageErrorOnOneLineThatNamesIt() {
    CliResult r = Cli.run("generate", "--prompt", "x", "--bogus");

    assertEquals(ExitCode.USAGE.code(), r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().startsWith("error: UnmatchedArgumentException: "), r::toString);
    assertTrue(r.err().contains("--bogus"), r::toString);
  }

  @Test
  void aMalformedOrOutOfRangeValueIsAnInvalidRequestNamingTheFlagOnEveryCommand() {
    String[][] cases = {
        {"plan", "--model", "llama-3.1-8b", "--hardware", "lpu", "--chips", "x"},
        {"compare", "--prompt", "hi", "--warm-up-runs", "-1"},
        {"compare", "--prompt", "hi", "--timeout-s", "0"},
        {"compare", "--prompt", "hi", "--timeout-s", "soon"},
        {"generate", "--prompt", "hi", "--max-tokens", "many"}};
    String[] flags = {"chips", "warm-up-runs", "timeout-s", "timeout-s", "sampling.maxTokens"};
    for (int i = 0; i < cases.length; i++) {
      CliResult r = Cli.run(cases[i]);

      assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
      assertEquals(1, r.errLines().size(), r::toString);
      assertTrue(r.err().startsWith("error: InvalidRequestException: invalid request: " + flags[i]
          + ": "), r::toString);
      assertEquals("", r.out(), "nothing ran: " + r);
    }
  }

  @Test
  void aRemoteBackendWithoutAModelIsToldToGiveTheModelFlag() {
    String[][] commands = {{"generate", "--prompt", "hi"}, {"chat"}};
    for (String[] command : commands) {
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command));
      args.addAll(java.util.List.of("--backend", "remote", "--base-url", "http://127.0.0.1:9/v1"));
      CliResult r = Cli.runWithInput("hi\n", args.toArray(String[]::new));

      assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
      assertTrue(r.err().startsWith("error: InvalidRequestException: invalid request: model: "),
          r::toString);
      assertTrue(r.err().contains("give --model NAME"), r::toString);
    }
  }

  @Test
  void commandHelpDocumentsEveryExitCode() {
    for (String command : new String[] {"generate", "chat"}) {
      CliResult r = Cli.run(command, "--help");

      assertEquals(0, r.exitCode(), r::toString);
      assertTrue(r.out().contains("Exit codes:"), r::toString);
      for (ExitCode c : ExitCode.values()) {
        String firstWord = c.description().split("[: ]")[0];
        assertTrue(r.out().matches("(?s).*\\b" + c.code() + "\\s+" + firstWord + ".*"),
            () -> command + " help lacks exit code " + c + ":\n" + r.out());
      }
    }
  }

  @Test
  void verboseAddsTheStackTraceAfterTheErrorLine() {
    CliResult r = Cli.run("generate", "--backend", "nosuch", "--prompt", "x", "--verbose");

    assertEquals(ExitCode.INVALID_CONFIGURATION.code(), r.exitCode(), r::toString);
    assertTrue(r.errLines().get(0).startsWith("error: InvalidConfigurationException: "), r::toString);
    assertTrue(r.errLines().size() > 1, r::toString);
    assertTrue(r.err().contains("\tat io.infer4j."), r::toString);
  }
}
