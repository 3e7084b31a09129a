package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --backend router --json} when the request fails: stdout holds exactly one JSON
 * object, {@code error} (type, message, exit code, the same code the process exits with) and the
 * router's decision as {@code route}, shaped like a successful response's; stderr keeps its one
 * human line. Two OpenAI-compatible loopback servers, "a" and "b", scripted to fail.
 */
class RouterFailureJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final MockWebServer a = new MockWebServer();
  private final MockWebServer b = new MockWebServer();
  private Path config;

  @BeforeEach
  void start() throws Exception {
    a.start();
    b.start();
    config = Cli.configFile(dir,
        "infer4j.router.backends=a,b",
        "infer4j.backends.a.type=remote",
        "infer4j.backends.a.base-url=" + a.url("/v1"),
        "infer4j.backends.a.model=m",
        "infer4j.backends.a.max-retries=0",
        "infer4j.backends.a.prior-ttft=20ms",
        "infer4j.backends.b.type=remote",
        "infer4j.backends.b.base-url=" + b.url("/v1"),
        "infer4j.backends.b.model=m",
        "infer4j.backends.b.max-retries=0",
        "infer4j.backends.b.prior-ttft=40ms");
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).body("{\"error\":{\"message\":\"overloaded\"}}").build();
  }

  private CliResult generate(String... more) {
    List<String> args = new ArrayList<>(List.of("generate", "--backend", "router",
        "--config", config.toString(), "--prompt", "hello", "--max-tokens", "4"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private static JsonNode onlyJsonLine(CliResult r) throws Exception {
    assertEquals(1, r.outLines().size(), () -> "one line on stdout: " + r);
    return JSON.readTree(r.outLines().get(0));
  }

  @Test
  void whenEveryBackendFailsStdoutIsOneJsonObjectWithTheErrorAndTheDecision() throws Exception {
    a.enqueue(status(503));
    b.enqueue(status(503));

    CliResult r = generate("--json");

    assertEquals(ExitCode.BACKEND_UNAVAILABLE.code(), r.exitCode(), r::toString);
    JsonNode json = onlyJsonLine(r);
    JsonNode error = json.path("error");
    assertEquals("BackendUnavailableException", error.path("type").asText(), r::toString);
    assertEquals(r.exitCode(), error.path("exit_code").asInt());
    assertTrue(error.path("message").asText().contains("backend 'router'"), r::toString);
    JsonNode route = json.path("route");
    assertEquals(2, route.path("candidates").size(), r::toString);
    JsonNode attempts = route.path("attempts");
    assertEquals(2, attempts.size(), r::toString);
    assertEquals("a", attempts.get(0).path("backend").asText());
    assertEquals("failed", attempts.get(0).path("outcome").asText());
    assertTrue(attempts.get(0).path("error").asText().contains("503"), r::toString);
    assertEquals("b", attempts.get(1).path("backend").asText());
    assertEquals("failed", attempts.get(1).path("outcome").asText());
    assertTrue(attempts.get(0).has("elapsed_ms") && attempts.get(0).has("hedge"), r::toString);
    assertTrue(r.err().startsWith("error: BackendUnavailableException: "), "stderr keeps its line");
  }

  @Test
  void aDeadlineDuringAnAttemptKeepsItsExitCodeAndShowsTheAttemptCutShort() throws Exception {
    a.enqueue(status(200).newBuilder().headersDelay(2, TimeUnit.SECONDS).build());

    CliResult r = generate("--ttft-budget-ms", "300", "--json");

    assertEquals(ExitCode.DEADLINE_EXCEEDED.code(), r.exitCode(), r::toString);
    JsonNode json = onlyJsonLine(r);
    assertEquals("DeadlineExceededException", json.path("error").path("type").asText(), r::toString);
    assertEquals(7, json.path("error").path("exit_code").asInt());
    JsonNode attempts = json.path("route").path("attempts");
    assertEquals("a", attempts.get(0).path("backend").asText(), r::toString);
    assertEquals("cancelled", attempts.get(0).path("outcome").asText(), r::toString);
  }

  @Test
  void withStreamTheJsonObjectIsStillTheOnlyOutputWhenNothingWasPrinted() throws Exception {
    a.enqueue(status(503));
    b.enqueue(status(503));

    CliResult r = generate("--stream", "--json");

    assertEquals(ExitCode.BACKEND_UNAVAILABLE.code(), r.exitCode(), r::toString);
    assertEquals("BackendUnavailableException", onlyJsonLine(r).path("error").path("type").asText());
  }

  @Test
  void withoutJsonAFailurePrintsNothingOnStdout() {
    a.enqueue(status(503));
    b.enqueue(status(503));

    CliResult r = generate();

    assertEquals(ExitCode.BACKEND_UNAVAILABLE.code(), r.exitCode(), r::toString);
    assertEquals("", r.out(), r::toString);
    assertTrue(r.err().startsWith("error: BackendUnavailableException: "), r::toString);
  }
}
