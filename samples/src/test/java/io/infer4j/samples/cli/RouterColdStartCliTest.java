package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's scenario over loopback, one command line run per "process" (each builds its client
 * and router from the configuration, as a CLI, a serverless function or a new pod does): two
 * OpenAI-compatible servers, {@code fast} (first token after 60 ms) and {@code slow} (after
 * 1,200 ms, cheaper), {@code cheapest-within-budget}, no priors. A cold router meets a 500 ms
 * first-token budget by hedging the unknown first choice; with a state file, a later run routes its
 * first request on what an earlier run learnt, without contacting the slow server.
 */
class RouterColdStartCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final MockWebServer fast = new MockWebServer();
  private final MockWebServer slow = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    fast.start();
    slow.start();
  }

  @AfterEach
  void stop() {
    fast.close();
    slow.close();
  }

  private Path config(String... more) {
    java.util.List<String> lines = new java.util.ArrayList<>(java.util.List.of(
        "infer4j.router.backends=fast,slow",
        "infer4j.router.policy=cheapest-within-budget",
        "infer4j.backends.fast.type=remote",
        "infer4j.backends.fast.base-url=" + fast.url("/v1"),
        "infer4j.backends.fast.model=m",
        "infer4j.backends.fast.max-retries=0",
        "infer4j.backends.fast.cost-per-million-tokens=10",
        "infer4j.backends.slow.type=remote",
        "infer4j.backends.slow.base-url=" + slow.url("/v1"),
        "infer4j.backends.slow.model=m",
        "infer4j.backends.slow.max-retries=0",
        "infer4j.backends.slow.cost-per-million-tokens=1"));
    lines.addAll(java.util.List.of(more));
    return Cli.configFile(dir, lines.toArray(String[]::new));
  }

  /** A streamed answer whose headers (and first token) come after {@code ms}. */
  private static MockResponse answer(long ms, String text) {
    String body = "data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text
        + "\"}}]}\n\n"
        + "data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
        + "data: [DONE]\n\n";
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body)
        .headersDelay(ms, TimeUnit.MILLISECONDS).build();
  }

  private static CliResult generate(Path config, int ttftBudgetMs) {
    return Cli.run("generate", "--backend", "router", "--config", config.toString(), "--prompt",
        "hello", "--max-tokens", "4", "--ttft-budget-ms", String.valueOf(ttftBudgetMs), "--json");
  }

  @Test
  void theColdFirstRequestSucceedsOnTheFastServer() throws Exception {
    fast.enqueue(answer(60, "from fast"));
    slow.enqueue(answer(1200, "from slow"));

    CliResult r = generate(config(), 500);

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode json = JSON.readTree(r.outLines().get(0));
    assertEquals("fast", json.path("backend").asText(), r::toString);
    assertEquals("from fast", json.path("text").asText());
    JsonNode attempts = json.path("route").path("attempts");
    assertEquals(2, attempts.size(), r::toString);
    assertEquals("slow", attempts.get(0).path("backend").asText(), "cheapest, unknown: first");
    assertEquals("cancelled", attempts.get(0).path("outcome").asText(), r::toString);
    assertEquals("fast", attempts.get(1).path("backend").asText());
    assertTrue(attempts.get(1).path("hedge").asBoolean(), r::toString);
    assertEquals("succeeded", attempts.get(1).path("outcome").asText(), r::toString);
  }

  @Test
  void aLaterRunRoutesItsFirstRequestOnWhatAnEarlierRunLearnt() throws Exception {
    Path state = dir.resolve("router.state");
    Path config = config("infer4j.router.state-file=" + state);
    // run 1, a loose budget: the cheaper server answers (in 1.2 s), and the router learns it
    slow.enqueue(answer(1200, "from slow"));
    CliResult first = generate(config, 5_000);
    assertEquals(0, first.exitCode(), first::toString);
    assertEquals("slow", JSON.readTree(first.outLines().get(0)).path("backend").asText());
    assertTrue(Files.exists(state), "the router wrote its state at close");
    int slowRequests = slow.getRequestCount();

    // run 2, a tight budget: known to be too slow, the slow server is not even tried
    fast.enqueue(answer(60, "from fast"));
    CliResult second = generate(config, 500);
    assertEquals(0, second.exitCode(), second::toString);
    JsonNode json = JSON.readTree(second.outLines().get(0));
    assertEquals("fast", json.path("backend").asText(), second::toString);
    assertEquals(1, json.path("route").path("attempts").size(), second::toString);
    assertEquals(slowRequests, slow.getRequestCount(), "no request went to the slow server");
    for (JsonNode c : json.path("route").path("candidates")) {
      if (c.path("backend").asText().equals("slow")) {
        assertTrue(c.path("note").asText().startsWith("too slow"), c.toString());
        assertTrue(c.path("note").asText().contains("learnt from 1 observation"), c.toString());
      }
    }
  }
}
