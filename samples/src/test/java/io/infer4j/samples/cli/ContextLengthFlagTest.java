package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer4j.runtime.testing.SharedFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --context-length N}: the in-process instance's {@code context-length} key. The shared
 * stories260K GGUF files say {@code context_length = 128} (their converter's default; the model
 * was trained at 512): with {@code --context-length 512}, 200 tokens are generated, with one
 * warning line on stderr, and they are run.c's (which runs the model at 512). Needs ../shared;
 * skipped without it, failed without it on CI. 0 means the file's length, as for the key; a
 * negative flag is refused naming it.
 */
class ContextLengthFlagTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ONCE = "Once upon a time";

  @TempDir Path dir;

  private static CliResult generateFromF32Gguf(int maxTokens, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("generate", "--backend", "gpu",
        "--model", SharedFiles.model("stories260K-f32.gguf").toString(), "--prompt", ONCE,
        "--temperature", "0", "--max-tokens", String.valueOf(maxTokens), "--json"));
    args.addAll(List.of(more));
    return CliProcess.run(Map.of(), List.of("--add-modules", "jdk.incubator.vector"),
        args.toArray(String[]::new));
  }

  /** Stderr's lines from infer4j (the JVM adds its own about incubator modules, native access). */
  private static List<String> infer4jLines(CliResult r) {
    return r.errLines().stream().filter(l -> l.startsWith("infer4j:")).toList();
  }

  @Test
  void twoHundredTokensAt512PositionsAreRuncsWithOneWarningLine() throws Exception {
    String golden = SharedFiles.goldenText("runc/stories260K__once__n256.txt");
    String completion = golden.substring(ONCE.length()); // run.c's 251 tokens after the prompt

    CliResult r = generateFromF32Gguf(200, "--context-length", "512");

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode json = JSON.readTree(r.out());
    assertEquals(200, json.at("/usage/completion_tokens").asInt(), r::toString);
    assertEquals("length", json.at("/finish_reason").asText(), r::toString);
    String text = json.at("/text").asText();
    assertTrue(text.length() > 400 && completion.startsWith(text),
        () -> "not a prefix of run.c's n256 completion: " + text);
    List<String> ours = infer4jLines(r);
    assertEquals(1, ours.size(), r::toString);
    String warning = ours.get(0);
    assertTrue(warning.startsWith("infer4j: warning: stories260K-f32.gguf: context length 512"
        + " is above the 128 positions"), warning);
    assertTrue(warning.contains("llama.context_length"), warning);
  }

  @Test
  void withoutTheFlagTheFilesLengthStopsTheAnswerSilently() throws Exception {
    CliResult r = generateFromF32Gguf(200);

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode json = JSON.readTree(r.out());
    assertEquals(128 - 5, json.at("/usage/completion_tokens").asInt(), r::toString);
    assertEquals(List.of(), infer4jLines(r), r::toString);
  }

  @Test
  void negativeIsRefusedNamingTheFlag() {
    for (String value : List.of("-1", "-4")) {
      CliResult r = Cli.run("generate", "--backend", "gpu", "--model", "any.gguf",
          "--prompt", "x", "--context-length", value);

      assertEquals(ExitCode.INVALID_CONFIGURATION.code(), r.exitCode(), r::toString);
      assertEquals(1, r.errLines().size(), r::toString);
      assertTrue(r.err().startsWith("error: InvalidConfigurationException: "), r::toString);
      assertTrue(r.err().contains("--context-length=" + value), r::toString);
      assertTrue(r.err().contains("must be a positive number of positions, or 0 for the model"
          + " file's context length"), r::toString);
    }
  }

  @Test
  void zeroIsTheFilesLengthAsForTheKey() throws Exception {
    CliResult zero = generateFromF32Gguf(200, "--context-length", "0");
    CliResult none = generateFromF32Gguf(200);

    assertEquals(0, zero.exitCode(), zero::toString);
    assertEquals(JSON.readTree(none.out()).at("/text").asText(),
        JSON.readTree(zero.out()).at("/text").asText(), zero::toString);
    assertEquals(128 - 5, JSON.readTree(zero.out()).at("/usage/completion_tokens").asInt(),
        zero::toString);
    assertEquals(List.of(), infer4jLines(zero), zero::toString);
  }

  @Test
  void compareRefusesANegativeLengthNamingTheFlagBeforeRunningAnything() {
    CliResult r = Cli.run("compare", "--prompt", "x", "--hardware", "lpu",
        "--context-length", "-1");

    assertEquals(ExitCode.INVALID_CONFIGURATION.code(), r.exitCode(), r::toString);
    assertTrue(r.err().contains("--context-length=-1"), r::toString);
  }

  @Test
  void aNegativeKeyInAConfigFileIsNamedAsTheKey() {
    Path config = Cli.configFile(dir, "infer4j.backends.gpu.context-length=-1");

    CliResult r = Cli.run("generate", "--config", config.toString(), "--backend", "gpu",
        "--model", "any.gguf", "--prompt", "x");

    assertEquals(ExitCode.INVALID_CONFIGURATION.code(), r.exitCode(), r::toString);
    assertTrue(r.err().contains("infer4j.backends.gpu.context-length=-1"), r::toString);
  }
}
