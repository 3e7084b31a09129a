package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * {@code plan --concurrency N}: a closed loop of N clients on one replica or on prefill and decode
 * pools, consistent with the planner's own single plans; its flags' errors name the flag.
 */
class PlanConcurrencyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String[] BASE = {"plan", "--model", "llama-3.1-70b", "--precision", "fp8",
      "--prompt-tokens", "3000", "--output-tokens", "150"};

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  private static JsonNode json(String... args) throws Exception {
    CliResult r = Cli.run(args);
    assertEquals(0, r.exitCode(), r::toString);
    return JSON.readTree(r.out());
  }

  @Test
  void oneClientSeesTheSingleRequestPlan() throws Exception {
    JsonNode single = json(with(BASE, "--hardware", "h100", "--gpus", "4", "--json"));
    JsonNode loop = json(with(BASE, "--hardware", "h100", "--gpus", "4", "--concurrency", "1",
        "--json"));
    assertEquals("aggregated", loop.get("mode").asText());
    assertTrue(loop.get("simulated").asBoolean());
    assertEquals(single.get("ttft_ms").asDouble(), loop.get("mean_ttft_ms").asDouble(), 1e-3);
    assertEquals(single.get("inter_token_latency_ms").asDouble(), loop.get("mean_tpot_ms").asDouble(),
        1e-3);
    double latency = loop.get("mean_ttft_ms").asDouble() + 149 * loop.get("mean_tpot_ms").asDouble();
    assertEquals(latency, loop.get("mean_request_latency_ms").asDouble(), 0.1); // 3 decimals x 149
    assertEquals(1e3 / latency, loop.get("requests_per_s").asDouble(), 1e-3);
    assertEquals(150e3 / latency / 4, loop.get("output_tokens_per_s_per_unit").asDouble(), 1e-2);
  }

  @Test
  void inLockstepTheClientsSeeTheBatchPlan() throws Exception {
    JsonNode batch4 = json(with(BASE, "--hardware", "h100", "--gpus", "4", "--batch", "4", "--json"));
    JsonNode loop = json(with(BASE, "--hardware", "h100", "--gpus", "4", "--concurrency", "4",
        "--json"));
    JsonNode step = loop.get("lockstep");
    assertEquals(batch4.get("ttft_ms").asDouble(), step.get("mean_ttft_ms").asDouble(), 1e-3);
    assertEquals(batch4.get("inter_token_latency_ms").asDouble(), step.get("mean_tpot_ms").asDouble(),
        1e-3);
    assertEquals(4, step.get("mean_decode_batch").asDouble(), 1e-9);
    // at random phases a request is prefilled alone, so it waits less for its first token,
    // and the others' prefills stretch its steps
    assertTrue(loop.get("mean_ttft_ms").asDouble() < step.get("mean_ttft_ms").asDouble(), loop::toString);
    assertTrue(loop.get("mean_tpot_ms").asDouble() > step.get("mean_tpot_ms").asDouble(), loop::toString);
    assertTrue(loop.get("mean_decode_batch").asDouble() < 4, loop::toString);
  }

  @Test
  void moreClientsServeMoreAtLongerLatencies() throws Exception {
    double lastRate = 0;
    double lastTpot = 0;
    for (String users : new String[] {"1", "8", "32"}) {
      JsonNode loop = json(with(BASE, "--hardware", "h200", "--gpus", "8", "--concurrency", users,
          "--json"));
      assertTrue(loop.get("requests_per_s").asDouble() > lastRate, loop::toString);
      assertTrue(loop.get("mean_tpot_ms").asDouble() > lastTpot, loop::toString);
      lastRate = loop.get("requests_per_s").asDouble();
      lastTpot = loop.get("mean_tpot_ms").asDouble();
    }
  }

  @Test
  void poolsOfReplicasAreReportedWithTheirTransfer() throws Exception {
    JsonNode loop = json(with(BASE, "--prefill", "h100:2", "--decode", "h100:8",
        "--prefill-replicas", "4", "--concurrency", "48", "--link", "nvlink", "--json"));
    assertEquals("disaggregated", loop.get("mode").asText());
    assertEquals(4, loop.get("prefill_replicas").asInt());
    assertEquals(1, loop.get("decode_replicas").asInt());
    assertEquals(16, loop.get("total_units").asInt());
    assertTrue(loop.get("kv_transfer_ms").asDouble() > 0, loop::toString);
    assertTrue(loop.get("requests_per_s").asDouble() * 2 / 4 <= 1e3 / 1, loop::toString);
    assertTrue(loop.get("lockstep") == null, "lockstep is for one replica");
    JsonNode twoDecoders = json(with(BASE, "--prefill", "h100:2", "--decode", "h100:8",
        "--prefill-replicas", "4", "--decode-replicas", "2", "--concurrency", "48", "--json"));
    assertTrue(twoDecoders.get("mean_decode_batch").asDouble()
        < loop.get("mean_decode_batch").asDouble(), "each decoder runs a smaller batch");

    CliResult table = Cli.run(with(BASE, "--prefill", "lpu", "--decode", "h200:8",
        "--concurrency", "16"));
    assertEquals(0, table.exitCode(), table::toString);
    assertTrue(table.out().contains("KV transfer") && table.out().contains("(simulated)")
        && table.out().contains("over ethernet"), table.out());
  }

  @Test
  void aSweepIsOneSystemAtEachConcurrency() throws Exception {
    CliResult r = Cli.run(with(BASE, "--hardware", "h100", "--concurrency", "16,1,4", "--json"));
    assertEquals(0, r.exitCode(), r::toString);
    JsonNode rows = JSON.readTree(r.out());
    assertEquals(3, rows.size());
    JsonNode alone = json(with(BASE, "--hardware", "h100", "--concurrency", "4", "--gpus",
        rows.get(0).get("units").asText(), "--json"));
    int[] expected = {1, 4, 16};
    for (int i = 0; i < 3; i++) {
      assertEquals(expected[i], rows.get(i).get("concurrency").asInt(), "sorted");
      assertEquals(rows.get(0).get("units").asInt(), rows.get(i).get("units").asInt(),
          "one system, sized for the largest");
    }
    assertEquals(alone.get("mean_tpot_ms").asDouble(), rows.get(1).get("mean_tpot_ms").asDouble(),
        1e-9, "a row is the single plan on that system");
    CliResult table = Cli.run(with(BASE, "--hardware", "h100", "--concurrency", "1,4,16"));
    assertEquals(0, table.exitCode(), table::toString);
    assertTrue(table.out().contains("clients") && table.out().contains("lockstep")
        && table.out().lines().filter(l -> l.matches("\\s+(1|4|16)\\s.*")).count() == 3, table.out());
    assertField("concurrency", Cli.run(with(BASE, "--hardware", "h100", "--concurrency", "4,0")));
  }

  @Test
  void tooManyClientsForTheKvCacheSayHowManyFit() {
    CliResult r = Cli.run(with(BASE, "--hardware", "h100", "--gpus", "1", "--concurrency", "100000"));
    assertField("concurrency", r);
    assertTrue(r.err().contains("at most") || r.err().contains("not even one"), r.err());
  }

  @Test
  void badInputNamesTheFlag() {
    assertField("concurrency", Cli.run(with(BASE, "--hardware", "h100", "--concurrency", "0")));
    assertField("concurrency", Cli.run(with(BASE, "--prefill-replicas", "2")));
    assertField("batch", Cli.run(with(BASE, "--hardware", "h100", "--concurrency", "4", "--batch", "4")));
    assertField("rate", Cli.run(with(BASE, "--hardware", "h100", "--concurrency", "4", "--rate", "4")));
    assertField("hardware", Cli.run(with(BASE, "--concurrency", "4")));
    assertField("prefill-replicas", Cli.run(with(BASE, "--hardware", "h100", "--concurrency", "4",
        "--prefill-replicas", "2")));
    assertField("decode", Cli.run(with(BASE, "--prefill", "h100:2", "--concurrency", "4")));
    assertField("decode-replicas", Cli.run(with(BASE, "--prefill", "h100:2", "--decode", "h100:8",
        "--decode-replicas", "0", "--concurrency", "4")));
    assertField("chips", Cli.run(with(BASE, "--hardware", "h100", "--chips", "4", "--concurrency", "4")));
    assertField("chips", Cli.run(with(BASE, "--hardware", "lpu", "--chips", "8", "--concurrency", "4")));
    CliResult oneToken = Cli.run("plan", "--model", "llama-3.1-70b", "--precision", "fp8",
        "--hardware", "h100", "--concurrency", "4", "--output-tokens", "1");
    assertEquals(0, oneToken.exitCode(), oneToken::toString);
    assertTrue(oneToken.out().contains("no time per output token") && !oneToken.out().contains("NaN"),
        oneToken.out());
    assertField("chart", Cli.run(with(BASE, "--hardware", "h100", "--concurrency", "4", "--chart",
        System.getProperty("java.io.tmpdir") + "/c.svg")));
  }

  private static void assertField(String flag, CliResult r) {
    assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
    assertTrue(r.err().contains(flag), flag + " named in: " + r.err());
  }
}
