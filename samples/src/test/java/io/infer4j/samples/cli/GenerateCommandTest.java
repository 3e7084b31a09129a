package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void printsOnlyTheCompletionAndANewline() {
    CliResult r = Cli.run("generate", "--backend", "alpha", "--prompt", "Hello", "--max-tokens", "3");

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("alpha0 alpha1 alpha2" + System.lineSeparator(), r.out());
    assertEquals("", r.err());
  }

  @Test
  void everySamplingAndBudgetFlagReachesTheRequest() {
    CliResult r = Cli.run("generate", "--backend", "echo", "--prompt", "Once upon a time",
        "--max-tokens", "7", "--temperature", "0.5", "--top-p", "0.9", "--top-k", "40",
        "--seed", "42", "--stop", "END", "--stop", "\n\n",
        "--latency-budget-ms", "60000", "--ttft-budget-ms", "30000");

    assertEquals(0, r.exitCode(), r::toString);
    for (String field : List.of("prompt=[Once upon a time]", "max_tokens=[7]", "temperature=[0.5]",
        "top_p=[0.9]", "top_k=[40]", "seed=[42]", "stop=[END,\n\n]", "ttft_ms=[30000]",
        "total_ms=[60000]")) {
      assertTrue(r.out().contains(field), () -> "missing " + field + " in " + r);
    }
  }

  @Test
  void unsetFlagsLeaveTheSdkDefaults() {
    CliResult r = Cli.run("generate", "--backend", "echo", "--prompt", "x");

    assertEquals(0, r.exitCode(), r::toString);
    for (String field : List.of("max_tokens=[256]", "temperature=[1.0]", "top_p=[1.0]",
        "top_k=[0]", "seed=[null]", "stop=[]", "ttft_ms=[none]", "total_ms=[none]",
        "model=[none]")) {
      assertTrue(r.out().contains(field), () -> "missing " + field + " in " + r);
    }
  }

  @Test
  void backendFlagsBecomeTheInstanceSettingsWithoutPrintingTheKey() {
    CliResult r = Cli.run("generate", "--backend", "echo", "--prompt", "x",
        "--model", "models/stories260K.bin", "--tokenizer", "models/tok512.bin",
        "--base-url", "http://127.0.0.1:9/v1", "--api-key", "sekret-123",
        "--api-key-env", "MY_API_KEY");

    assertEquals(0, r.exitCode(), r::toString);
    for (String field : List.of("model=[models/stories260K.bin]", "tokenizer=[models/tok512.bin]",
        "base_url=[http://127.0.0.1:9/v1]", "api_key_env=[MY_API_KEY]", "api_key_chars=[10]")) {
      assertTrue(r.out().contains(field), () -> "missing " + field + " in " + r);
    }
    assertFalse(r.out().contains("sekret-123"), r::toString);
  }

  @Test
  void modelFlagOverridesTheInstanceModelOfTheConfigFile() {
    Path config = Cli.configFile(dir, "infer4j.backend=echo", "infer4j.backends.echo.model=from-file");

    CliResult fromFile = Cli.run("generate", "--config", config.toString(), "--prompt", "x");
    CliResult fromFlag = Cli.run("generate", "--config", config.toString(), "--prompt", "x",
        "--model", "from-flag");

    assertTrue(fromFile.out().contains("model=[from-file]"), fromFile::toString);
    assertTrue(fromFlag.out().contains("model=[from-flag]"), fromFlag::toString);
  }

  @Test
  void systemFlagMakesAChatOfSystemAndUserMessage() {
    CliResult r = Cli.run("generate", "--backend", "echo", "--system", "Be brief.", "--prompt", "Hi");

    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().startsWith("messages=[system:Be brief.|user:Hi]"), r::toString);
  }

  @Test
  void jsonPrintsOneObjectWithTheResponseFields() throws Exception {
    CliResult r = Cli.run("generate", "--backend", "alpha", "--prompt", "Hello", "--max-tokens", "3",
        "--json");

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(1, r.outLines().size(), r::toString);
    JsonNode json = JSON.readTree(r.out());
    assertEquals(List.of("text", "finish_reason", "backend", "model", "usage", "timing", "route"),
        fieldNames(json));
    assertEquals("alpha0 alpha1 alpha2", json.get("text").asText());
    assertEquals("length", json.get("finish_reason").asText());
    assertEquals("alpha", json.get("backend").asText());
    assertEquals("alpha-model", json.get("model").asText());
    JsonNode usage = json.get("usage");
    assertEquals(2, usage.get("prompt_tokens").asInt(), "ceil(5 chars / 4)");
    assertEquals(3, usage.get("completion_tokens").asInt());
    assertEquals("counted", usage.get("source").asText());
    JsonNode timing = json.get("timing");
    assertEquals(List.of("ttft_ms", "total_ms", "tokens_per_s", "simulated"), fieldNames(timing));
    assertTrue(timing.get("ttft_ms").isNumber() && timing.get("ttft_ms").asDouble() >= 0);
    assertTrue(timing.get("total_ms").asDouble() >= timing.get("ttft_ms").asDouble());
    assertTrue(timing.get("tokens_per_s").isNumber());
    assertFalse(timing.get("simulated").asBoolean());
    JsonNode route = json.get("route");
    assertEquals("alpha", route.get("chosen").asText());
    assertEquals("configured backend", route.get("reason").asText());
    assertTrue(route.get("candidates").isArray() && route.get("candidates").isEmpty());
    assertTrue(route.get("attempts").isArray() && route.get("attempts").isEmpty());
  }

  @Test
  void jsonBackendIsTheConfiguredInstanceName() throws Exception {
    Path config = Cli.configFile(dir, "infer4j.backends.mine.type=beta");

    CliResult r = Cli.run("generate", "--config", config.toString(), "--backend", "mine",
        "--prompt", "x", "--max-tokens", "2", "--json");

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode json = JSON.readTree(r.out());
    assertEquals("mine", json.get("backend").asText());
    assertEquals("mine0 mine1", json.get("text").asText());
  }

  @Test
  void streamPrintsTheSameTextAsBlocking() {
    String[] args = {"generate", "--backend", "beta", "--prompt", "Hello", "--max-tokens", "6"};
    CliResult blocking = Cli.run(args);
    CliResult streamed = Cli.run(append(args, "--stream"));

    assertEquals(0, streamed.exitCode(), streamed::toString);
    assertEquals("beta0 beta1 beta2 beta3 beta4 beta5" + System.lineSeparator(), blocking.out());
    assertEquals(blocking.out(), streamed.out());
  }

  @Test
  void streamWithJsonPrintsTheTextThenTheJsonOnTheLastLine() throws Exception {
    CliResult r = Cli.run("generate", "--backend", "beta", "--prompt", "Hello", "--max-tokens", "4",
        "--stream", "--json");

    assertEquals(0, r.exitCode(), r::toString);
    List<String> lines = r.outLines();
    assertEquals(2, lines.size(), r::toString);
    assertEquals("beta0 beta1 beta2 beta3", lines.get(0));
    JsonNode json = JSON.readTree(lines.get(1));
    assertEquals(lines.get(0), json.get("text").asText());
    assertEquals(4, json.get("usage").get("completion_tokens").asInt());
  }

  @Test
  void outOfRangeTemperatureIsTheInvalidRequestLine() {
    CliResult r = Cli.run("generate", "--backend", "alpha", "--prompt", "x", "--temperature", "5");

    assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
    assertEquals(List.of("error: InvalidRequestException: invalid request: sampling.temperature:"
        + " --temperature must be in [0, 2], was 5.0"), r.errLines());
    assertEquals("", r.out());
  }

  @Test
  void eachOutOfRangeSamplingFlagIsNamedBesideItsField() {
    String[][] cases = {
      {"--max-tokens", "-1", "sampling.maxTokens: --max-tokens "},
      {"--top-p", "0", "sampling.topP: --top-p "},
      {"--top-k", "-2", "sampling.topK: --top-k "},
      {"--temperature", "NaN", "sampling.temperature: --temperature "},
    };
    for (String[] c : cases) {
      CliResult r = Cli.run("generate", "--backend", "alpha", "--prompt", "x", c[0], c[1]);

      assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
      assertEquals(1, r.errLines().size(), r::toString);
      assertTrue(r.err().startsWith("error: InvalidRequestException: invalid request: " + c[2]),
          r::toString);
    }
  }

  @Test
  void malformedNumberIsAnInvalidRequestNamingTheFieldAndValue() {
    CliResult r = Cli.run("generate", "--backend", "alpha", "--prompt", "x", "--max-tokens", "many");

    assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().startsWith(
        "error: InvalidRequestException: invalid request: sampling.maxTokens: "), r::toString);
    assertTrue(r.err().contains("'many'"), r::toString);
  }

  @Test
  void firstTokenBudgetAboveTheTotalBudgetIsAnInvalidRequest() {
    CliResult r = Cli.run("generate", "--backend", "alpha", "--prompt", "x",
        "--latency-budget-ms", "100", "--ttft-budget-ms", "200");

    assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().contains("budget.timeToFirstToken"), r::toString);
  }

  @Test
  void missingPromptIsAUsageError() {
    CliResult r = Cli.run("generate", "--backend", "alpha");

    assertEquals(ExitCode.USAGE.code(), r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().startsWith("error: MissingParameterException: "), r::toString);
    assertTrue(r.err().contains("--prompt"), r::toString);
  }

  @Test
  void unknownBackendFromASystemPropertyNamesItAndTheAvailableBackendsOnOneLine() {
    CliResult r = Cli.withSystemProperty("infer4j.backend", "nosuch",
        () -> Cli.run("generate", "--prompt", "x"));

    assertEquals(ExitCode.INVALID_CONFIGURATION.code(), r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    String line = r.errLines().get(0);
    assertTrue(line.startsWith("error: InvalidConfigurationException: infer4j.backend=nosuch:"
        + " no backend named 'nosuch'; available backends: "), line);
    for (String available : List.of("alpha", "beta", "echo")) {
      assertTrue(line.contains(available), line);
    }
    assertEquals("", r.out());
  }

  @Test
  void missingConfigFileIsAClearLine() {
    Path missing = dir.resolve("nope.properties");

    CliResult r = Cli.run("generate", "--config", missing.toString(), "--prompt", "x");

    assertEquals(ExitCode.INVALID_CONFIGURATION.code(), r.exitCode(), r::toString);
    assertEquals(List.of("error: InvalidConfigurationException: --config=" + missing
        + ": no such file"), r.errLines());
  }

  @Test
  void backendFailureHasItsOwnExitCodeAndNeverPrintsTheApiKey() {
    Path config = Cli.configFile(dir, "infer4j.backends.echo.fail-with=unavailable");

    CliResult r = Cli.run("generate", "--config", config.toString(), "--backend", "echo",
        "--prompt", "x", "--api-key", "sekret-123", "--verbose");

    assertEquals(ExitCode.BACKEND_UNAVAILABLE.code(), r.exitCode(), r::toString);
    assertTrue(r.errLines().get(0).startsWith("error: BackendUnavailableException: "), r::toString);
    assertTrue(r.errLines().get(0).contains("refused the key ***"), r::toString);
    assertFalse(r.err().contains("sekret-123"), r::toString);
  }

  @Test
  void failureMidStreamEndsTheTextLineAndReportsTheInterruption() {
    Path config = Cli.configFile(dir, "infer4j.backends.echo.fail-with=midstream");

    CliResult r = Cli.run("generate", "--config", config.toString(), "--backend", "echo",
        "--prompt", "x", "--stream");

    assertEquals(ExitCode.STREAM_INTERRUPTED.code(), r.exitCode(), r::toString);
    assertEquals("prompt=[x]" + System.lineSeparator(), r.out());
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().startsWith("error: StreamInterruptedException: "), r::toString);
  }

  @Test
  void exhaustedLatencyBudgetIsTheDeadlineExitCode() {
    Path config = Cli.configFile(dir, "infer4j.backends.alpha.per-token=200ms");

    CliResult r = Cli.run("generate", "--config", config.toString(), "--backend", "alpha",
        "--prompt", "x", "--max-tokens", "50", "--latency-budget-ms", "20");

    assertEquals(ExitCode.DEADLINE_EXCEEDED.code(), r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().startsWith("error: DeadlineExceededException: "), r::toString);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String[] append(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}
