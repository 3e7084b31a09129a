package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer4j.runtime.testing.SharedFiles;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --config FILE --ttft-budget-ms MS --json} and {@code route --config FILE} over a
 * router of the LPU simulator ("sim", the shared stories260K model, 300 ms of simulated network
 * latency, free) and a remote backend ("cloud", a loopback server, priced): a tight first-token
 * budget goes to the cloud, a loose one to the cheaper simulator, and the JSON's {@code route}
 * says why. Needs the shared models (env {@code INFER4J_SHARED_DIR}, default {@code
 * ../../shared}); skipped without them.
 */
class RouterGenerateTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final MockWebServer cloud = new MockWebServer();
  private Path config;


  @BeforeEach
  void start() throws Exception {
    cloud.start();
    config = Cli.configFile(dir,
        "infer4j.backend=router",
        "infer4j.router.backends=sim,cloud",
        "infer4j.router.policy=cheapest-within-budget",
        "infer4j.backends.sim.type=lpu",
        "infer4j.backends.sim.model=" + SharedFiles.model("stories260K.bin"),
        "infer4j.backends.sim.tokenizer=" + SharedFiles.model("tok512.bin"),
        "infer4j.backends.sim.network-latency=3s",
        "infer4j.backends.sim.cost-per-million-tokens=0",
        "infer4j.backends.cloud.type=remote",
        "infer4j.backends.cloud.base-url=" + cloud.url("/v1"),
        "infer4j.backends.cloud.model=m",
        "infer4j.backends.cloud.prior-ttft=20ms",
        "infer4j.backends.cloud.cost-per-million-tokens=1");
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private static MockResponse cloudAnswer() {
    String body = "data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"text\":\" there was\"}]}\n\n"
        + "data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"text\":\"\",\"finish_reason\":\"stop\"}]}\n\n"
        + "data: [DONE]\n\n";
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build();
  }

  private CliResult generate(String ttftBudgetMs) {
    return Cli.run("generate", "--config", config.toString(), "--prompt", "Once upon a time",
        "--temperature", "0", "--max-tokens", "8", "--ttft-budget-ms", ttftBudgetMs, "--json");
  }

  private static JsonNode candidate(JsonNode route, String name) {
    for (JsonNode c : route.path("candidates")) {
      if (name.equals(c.path("backend").asText())) {
        return c;
      }
    }
    throw new AssertionError(name + " not among " + route);
  }

  @Test
  void aTightFirstTokenBudgetGoesToTheCloudBackend() throws Exception {
    cloud.enqueue(cloudAnswer());

    CliResult r = generate("1500"); // generous for a loopback server on a loaded machine

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode json = JSON.readTree(r.outLines().get(r.outLines().size() - 1));
    assertEquals("cloud", json.path("backend").asText());
    assertEquals(" there was", json.path("text").asText());
    assertFalse(json.path("timing").path("simulated").asBoolean(true));
    JsonNode route = json.path("route");
    assertEquals("cloud", route.path("chosen").asText());
    JsonNode sim = candidate(route, "sim");
    assertFalse(sim.path("eligible").asBoolean(true), route::toString);
    assertTrue(sim.path("note").asText().startsWith("too slow"), route::toString);
    assertTrue(sim.path("predicted_ttft_ms").asDouble() >= 3000, "the simulator's exact estimate");
    assertEquals(1, cloud.getRequestCount());
  }

  @Test
  void aLooseBudgetGoesToTheCheaperSimulator() throws Exception {
    CliResult r = generate("20000");

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode json = JSON.readTree(r.outLines().get(r.outLines().size() - 1));
    assertEquals("sim", json.path("backend").asText());
    assertTrue(json.path("timing").path("simulated").asBoolean(false), r::toString);
    assertTrue(json.path("timing").path("ttft_ms").asDouble() >= 3000, "network latency included");
    JsonNode route = json.path("route");
    assertTrue(route.path("reason").asText().startsWith("cheapest within the budget"), route::toString);
    assertTrue(candidate(route, "cloud").path("eligible").asBoolean(false), route::toString);
    assertEquals(0, cloud.getRequestCount(), "the cloud was not asked");
  }

  @Test
  void routeExplainsTheChoiceWithoutRunningIt() {
    CliResult r = Cli.run("route", "--config", config.toString(), "--prompt", "Once upon a time",
        "--max-tokens", "8", "--ttft-budget-ms", "1500");

    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().startsWith("chosen: cloud"), r::toString);
    assertTrue(r.out().contains("too slow"), r::toString);
    assertEquals(0, cloud.getRequestCount());
  }
}
