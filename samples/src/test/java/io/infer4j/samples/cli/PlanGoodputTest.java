package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * {@code plan --prefill HW:N --decode HW:N --goodput}: goodput per GPU, disaggregated against
 * aggregated on the same hardware and SLOs (issue 14, point 4); its flags' errors name the flag.
 */
class PlanGoodputTest {

  private static final String[] DISTSERVE = {"plan", "--model", "llama-2-13b", "--prefill",
      "a100:1", "--decode", "a100:1", "--goodput", "--prompt-tokens", "512", "--output-tokens",
      "64", "--ttft-slo", "400", "--tpot-slo", "40", "--precision", "fp16", "--link", "nvlink"};

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void bothSystemsAreReportedPerGpuWithTheirRatio() throws Exception {
    CliResult r = Cli.run(with(DISTSERVE, "--ttft-percentile", "90", "--json"));
    assertEquals(0, r.exitCode(), r::toString);
    JsonNode g = new ObjectMapper().readTree(r.out());
    assertEquals(0.9, g.get("ttft_quantile").asDouble(), 1e-12);
    assertTrue(g.get("simulated").asBoolean());
    JsonNode a = g.get("aggregated");
    JsonNode d = g.get("disaggregated");
    assertEquals(1, a.get("units_per_replica").asInt(), "a100:1 both: a 1-GPU aggregated replica");
    assertEquals(1, d.get("prefill_units_per_replica").asInt());
    assertEquals(1, d.get("decode_units_per_replica").asInt());
    double perGpu = d.get("goodput_requests_per_s_per_unit").asDouble();
    assertEquals(d.get("goodput_requests_per_s").asDouble() / d.get("total_units").asInt(), perGpu,
        1e-3);
    assertEquals(perGpu / a.get("goodput_requests_per_s_per_unit").asDouble(),
        g.get("disaggregated_over_aggregated").asDouble(), 1e-2);

    CliResult p99 = Cli.run(with(DISTSERVE, "--json"));
    JsonNode g99 = new ObjectMapper().readTree(p99.out());
    assertEquals(0.99, g99.get("ttft_quantile").asDouble(), 1e-12, "p99 unless told");
    assertTrue(g99.get("disaggregated").get("prefill_replica_goodput_requests_per_s").asDouble()
        < d.get("prefill_replica_goodput_requests_per_s").asDouble(), "p99 is stricter than p90");

    CliResult table = Cli.run(with(DISTSERVE, "--ttft-percentile", "90"));
    assertEquals(0, table.exitCode(), table::toString);
    assertTrue(table.out().contains("TTFT p90 <= 400 ms") && table.out().contains("(simulated)")
        && table.out().contains("disaggregated / aggregated ="), table.out());
  }

  @Test
  void badInputNamesTheFlag() {
    assertField("ttft-percentile", Cli.run(with(DISTSERVE, "--ttft-percentile", "100")));
    assertField("ttft-percentile", Cli.run(with(DISTSERVE, "--ttft-percentile", "0")));
    assertField("ttft-percentile", Cli.run("plan", "--model", "llama-2-13b", "--hardware", "a100",
        "--ttft-percentile", "90"));
    assertField("rate", Cli.run(with(DISTSERVE, "--rate", "2")));
    assertField("goodput", Cli.run("plan", "--model", "llama-2-13b", "--prefill", "a100:1",
        "--decode", "h100:1", "--goodput", "--ttft-slo", "400", "--tpot-slo", "40"));
    assertField("goodput", Cli.run("plan", "--model", "llama-2-13b", "--goodput", "--ttft-slo",
        "400", "--tpot-slo", "40"));
    assertField("tpot-slo", Cli.run("plan", "--model", "llama-2-13b", "--prefill", "a100:1",
        "--decode", "a100:1", "--goodput", "--ttft-slo", "400"));
    assertField("ttft-slo", Cli.run("plan", "--model", "llama-2-13b", "--prefill", "a100:1",
        "--decode", "a100:1", "--goodput", "--ttft-slo", "-1", "--tpot-slo", "40"));
    assertField("hardware", Cli.run(with(DISTSERVE, "--gpus", "2")));
  }

  private static void assertField(String flag, CliResult r) {
    assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
    assertTrue(r.err().contains(flag), flag + " named in: " + r.err());
  }
}
