package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code route} explains the router's choice for a request without running it. */
class RouteCommandTest {

  @TempDir Path dir;

  private Path routerConfig() {
    return Cli.configFile(dir,
        "infer4j.backend=router",
        "infer4j.router.backends=slow,quick",
        "infer4j.backends.slow.type=alpha",
        "infer4j.backends.slow.prior-ttft=400ms",
        "infer4j.backends.slow.prior-per-token=10ms",
        "infer4j.backends.quick.type=beta",
        "infer4j.backends.quick.prior-ttft=50ms",
        "infer4j.backends.quick.prior-per-token=5ms");
  }

  @Test
  void thePriorsPickTheBackendThatMeetsTheBudget() throws Exception {
    CliResult r = Cli.run("route", "--config", routerConfig().toString(), "--prompt", "hi",
        "--max-tokens", "10", "--ttft-budget-ms", "200", "--json");

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode route = new ObjectMapper().readTree(r.out());
    assertEquals("quick", route.get("chosen").asText());
    assertEquals(2, route.get("candidates").size());
    assertEquals(0, route.get("attempts").size(), "nothing was run");
    for (JsonNode c : route.get("candidates")) {
      boolean fits = c.get("eligible").asBoolean();
      assertEquals(c.get("backend").asText().equals("quick"), fits, c.toString());
    }
  }

  @Test
  void theTableNamesTheChoiceAndTheReason() {
    CliResult r = Cli.run("route", "--config", routerConfig().toString(), "--prompt", "hi",
        "--ttft-budget-ms", "200");

    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().startsWith("chosen: quick"), r.out());
    assertTrue(r.out().contains("reason: "), r.out());
  }

  @Test
  void aBackendThatIsNotARouterIsDirect() throws Exception {
    CliResult r = Cli.run("route", "--backend", "beta", "--prompt", "hi", "--json");

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode route = new ObjectMapper().readTree(r.out());
    assertEquals("beta", route.get("chosen").asText());
    assertEquals("configured backend", route.get("reason").asText());
  }
}
