package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --backend remote} through the real command line against a loopback
 * OpenAI-compatible server: the completion, the stream, the JSON, and one-line typed failures that
 * never print the API key.
 */
class RemoteGenerateTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "sk-cli-test-0123456789";

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A streamed completion of "Hello", " there", "!" with its usage. */
  private static MockResponse helloThere() {
    String body = chunk("Hello") + chunk(" there") + chunk("!")
        + "data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"text\":\"\",\"finish_reason\":\"stop\"}]}\n\n"
        + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":3}}\n\n"
        + "data: [DONE]\n\n";
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build();
  }

  private static String chunk(String text) {
    return "data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"text\":\"" + text + "\"}]}\n\n";
  }

  private static MockResponse error(int code, String message, String... headers) {
    MockResponse.Builder b = new MockResponse.Builder().code(code)
        .addHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"" + message + "\",\"type\":\"invalid_request_error\"}}");
    for (int i = 0; i < headers.length; i += 2) {
      b.addHeader(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  private CliResult generate(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("generate", "--backend", "remote",
        "--base-url", server.url("/v1").toString(), "--api-key", KEY, "--model", "m",
        "--prompt", "hi"));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void printsTheCompletionOfTheServer() throws Exception {
    server.enqueue(helloThere());

    CliResult r = generate();

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("Hello there!" + System.lineSeparator(), r.out());
    assertEquals("", r.err());
    RecordedRequest sent = server.takeRequest();
    assertEquals("/v1/completions", sent.getUrl().encodedPath(), "a raw prompt is a completion");
    assertEquals("Bearer " + KEY, sent.getHeaders().get("Authorization"));
    JsonNode body = JSON.readTree(sent.getBody().utf8());
    assertEquals("m", body.path("model").asText());
    assertEquals("hi", body.path("prompt").asText());
  }

  @Test
  void streamsTheTokensAsTheyArrive() {
    server.enqueue(helloThere());

    CliResult r = generate("--stream");

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(List.of("Hello there!"), r.outLines());
  }

  @Test
  void verbosePrintsEachRetryOnStderrWhileTheAnswerStaysOnStdout() {
    server.enqueue(error(503, "overloaded, key " + KEY));
    server.enqueue(helloThere());

    CliResult r = generate("--verbose");

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("Hello there!" + System.lineSeparator(), r.out());
    assertEquals(1, r.errLines().size(), r::toString);
    String line = r.errLines().get(0);
    String url = server.url("/v1/completions").toString();
    assertTrue(line.startsWith("infer4j: backend 'remote': attempt 1 of 3 to " + url
        + " failed: HTTP 503"), line);
    assertTrue(line.matches(".*; retrying in \\d+ ms"), line);
    assertFalse(r.err().contains(KEY), r::toString);
  }

  @Test
  void withoutVerboseARetryIsSilent() {
    server.enqueue(error(503, "overloaded"));
    server.enqueue(helloThere());

    CliResult r = generate();

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("", r.err());
  }

  @Test
  void aServerThatNeverAnswersEndsAtTheFirstTokenTimeoutNamingTheEndpoint(@TempDir Path dir)
      throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept()); // and never read or write
          }
        } catch (java.io.IOException closed) {
          // the test is over
        }
      }, "silent-server");
      acceptor.setDaemon(true);
      acceptor.start();
      String base = "http://127.0.0.1:" + silent.getLocalPort() + "/v1";
      Path config = Cli.configFile(dir, "infer4j.backends.remote.stall-timeout=200ms",
          "infer4j.backends.remote.first-token-timeout=1s", "infer4j.backends.remote.backoff=10ms",
          "infer4j.backends.remote.max-retries=10");

      long t0 = System.nanoTime();
      CliResult r = Cli.run("generate", "--backend", "remote", "--config", config.toString(),
          "--base-url", base, "--model", "m", "--prompt", "hi", "--verbose");
      long ms = (System.nanoTime() - t0) / 1_000_000;

      assertEquals(ExitCode.BACKEND_UNAVAILABLE.code(), r.exitCode(), r::toString);
      assertTrue(ms < 3000, "ended after " + ms + " ms");
      String url = base + "/completions";
      assertTrue(r.err().contains("infer4j: backend 'remote': attempt 1 of 11 to " + url
          + " failed: timed out: no bytes from " + url + " within stall-timeout 200ms"),
          r::toString);
      String error = r.errLines().stream().filter(l -> l.startsWith("error: ")).findFirst()
          .orElseThrow();
      assertTrue(error.startsWith("error: BackendUnavailableException: "), error);
      assertTrue(error.contains("no first token from " + url + " within first-token-timeout 1s"),
          error);
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void jsonCarriesTheResponseFields() throws Exception {
    server.enqueue(helloThere());

    CliResult r = generate("--json");

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(1, r.outLines().size(), r::toString);
    JsonNode json = JSON.readTree(r.outLines().get(0));
    assertEquals("Hello there!", json.path("text").asText());
    assertEquals("stop", json.path("finish_reason").asText());
    assertEquals("remote", json.path("backend").asText());
    assertEquals("m", json.path("model").asText());
    assertEquals(1, json.path("usage").path("prompt_tokens").asInt());
    assertEquals(3, json.path("usage").path("completion_tokens").asInt());
    assertFalse(json.path("timing").path("simulated").asBoolean(true), "measured, not simulated");
    assertTrue(json.path("timing").path("ttft_ms").asDouble(-1) >= 0, r::toString);
    assertEquals("remote", json.path("route").path("chosen").asText());
    assertFalse(r.out().contains(KEY));
  }

  @Test
  void streamWithJsonPrintsTheTokensThenTheJsonOnTheLastLine() throws Exception {
    server.enqueue(helloThere());

    CliResult r = generate("--stream", "--json");

    assertEquals(0, r.exitCode(), r::toString);
    List<String> lines = r.outLines();
    assertEquals(2, lines.size(), r::toString);
    assertEquals("Hello there!", lines.get(0));
    assertEquals("Hello there!", JSON.readTree(lines.get(1)).path("text").asText());
  }

  @Test
  void a429WithALongRetryAfterExitsRateLimitedOnOneLineWithoutTheKey() {
    server.enqueue(error(429, "Rate limit reached for key " + KEY, "Retry-After", "3600"));

    CliResult r = generate("--latency-budget-ms", "5000");

    assertEquals(ExitCode.RATE_LIMITED.code(), r.exitCode(), r::toString);
    assertEquals("", r.out());
    assertEquals(1, r.errLines().size(), r::toString);
    String line = r.errLines().get(0);
    assertTrue(line.startsWith("error: RateLimitedException: "), line);
    assertTrue(line.contains("retry after 3600000 ms"), line);
    assertFalse(r.err().contains(KEY), r::toString);
    assertEquals(1, server.getRequestCount(), "a wait past the budget is not waited for");
  }

  @Test
  void a401ExitsOnOneLineNamingTheErrorType() {
    server.enqueue(error(401, "Incorrect API key provided: " + KEY));

    CliResult r = generate("--stream");

    assertEquals(ExitCode.BACKEND_UNAVAILABLE.code(), r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    String line = r.errLines().get(0);
    assertTrue(line.startsWith("error: BackendUnavailableException: "), line);
    assertTrue(line.contains("authentication failed"), line);
    assertFalse(r.err().contains(KEY), r::toString);
    assertEquals(1, server.getRequestCount(), "a 401 is not retried");
  }
}
