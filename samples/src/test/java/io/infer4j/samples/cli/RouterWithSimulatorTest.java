package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer4j.runtime.testing.SharedFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router end to end through the command line, over the LPU simulator (real tokens, exact
 * predictions from its schedule) and a slow scripted backend (2 s to the first token, cheap):
 * the budget decides, and the policy decides among what fits.
 */
class RouterWithSimulatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path config(String policy) {
    return Cli.configFile(dir,
        "infer4j.backend=router",
        "infer4j.router.backends=sim,slow",
        "infer4j.router.policy=" + policy,
        "infer4j.backends.sim.type=lpu",
        "infer4j.backends.sim.model=" + SharedFiles.model("stories260K.bin"),
        "infer4j.backends.sim.tokenizer=" + SharedFiles.model("tok512.bin"),
        "infer4j.backends.sim.kernels=reference",
        "infer4j.backends.sim.cost-per-million-tokens=0.50",
        "infer4j.backends.slow.type=fake",
        "infer4j.backends.slow.reply=a slow answer",
        "infer4j.backends.slow.latency-first-token=2s",
        "infer4j.backends.slow.cost-per-million-tokens=0.01");
  }

  private static JsonNode run(Path config, String... budget) throws Exception {
    String[] base = {"generate", "--config", config.toString(), "--prompt", "Once upon a time",
        "--temperature", "0", "--max-tokens", "16", "--json"};
    String[] args = new String[base.length + budget.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(budget, 0, args, base.length, budget.length);
    CliResult r = Cli.run(args);
    assertEquals(0, r.exitCode(), r::toString);
    return JSON.readTree(r.out());
  }

  @Test
  void aTightBudgetIsServedByTheSimulatorEvenThoughItCostsMore() throws Exception {
    JsonNode response = run(config("cheapest-within-budget"), "--ttft-budget-ms", "500");

    assertEquals("sim", response.get("backend").asText());
    assertTrue(response.get("timing").get("simulated").asBoolean());
    JsonNode route = response.get("route");
    assertEquals("sim", route.get("chosen").asText());
    for (JsonNode c : route.get("candidates")) {
      boolean fits = c.get("eligible").asBoolean();
      assertEquals(c.get("backend").asText().equals("sim"), fits, c.toString());
    }
    assertEquals(1, route.get("attempts").size(), "the slow backend was never tried");
  }

  @Test
  void aLooseBudgetGoesToTheCheapestBackend() throws Exception {
    JsonNode response = run(config("cheapest-within-budget"), "--ttft-budget-ms", "10000");

    assertEquals("slow", response.get("backend").asText());
    assertEquals("a slow answer", response.get("text").asText());
    assertFalse(response.get("route").get("reason").asText().isEmpty());
  }

  @Test
  void routeExplainsTheChoiceWithoutRunningIt() throws Exception {
    CliResult r = Cli.run("route", "--config", config("fastest").toString(),
        "--prompt", "Once upon a time", "--max-tokens", "16", "--ttft-budget-ms", "500", "--json");

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode route = JSON.readTree(r.out());
    assertEquals("sim", route.get("chosen").asText());
    assertEquals(0, route.get("attempts").size());
  }
}
