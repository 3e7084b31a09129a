package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer4j.runtime.shape.ModelCatalog;
import io.infer4j.runtime.testing.SharedFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code plan} answers what-if questions from the LPU and GPU timing models. */
class PlanCommandTest {

  private static JsonNode json(CliResult r) throws Exception {
    assertEquals(0, r.exitCode(), r::toString);
    return new ObjectMapper().readTree(r.out());
  }

  @Test
  void anLpuPlanHasTheDocumentedFields() throws Exception {
    JsonNode plan = json(Cli.run("plan", "--model", "llama-2-7b", "--hardware", "lpu", "--json"));

    for (String field : new String[] {"model", "hardware", "chips", "precision", "weights_bytes",
        "sram_bytes_used", "ttft_ms", "inter_token_latency_ms", "decode_tokens_per_s",
        "prefill_tokens_per_s"}) {
      assertTrue(plan.has(field), field + " in " + plan);
    }
    assertEquals("lpu", plan.get("hardware").asText());
    assertTrue(plan.get("decode_tokens_per_s").asDouble() > 0);
  }

  @Test
  void aGpuPlanHasGpusAndHbmInsteadOfChipsAndSram() throws Exception {
    JsonNode plan = json(Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "h100",
        "--precision", "fp8", "--gpus", "2", "--json"));

    assertEquals(2, plan.get("gpus").asInt());
    assertTrue(plan.has("hbm_bytes_used"), plan.toString());
    assertEquals("fp8", plan.get("precision").asText());
  }

  @Test
  void gpuFiguresAreForTheTunedEngineUnlessEngineNamesInfer4j() throws Exception {
    JsonNode tuned = json(Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "h200",
        "--precision", "q8_0", "--json"));
    JsonNode infer4j = json(Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "h200",
        "--precision", "q8_0", "--engine", "infer4j", "--json"));

    assertEquals("tuned", tuned.get("engine").asText());
    assertEquals("infer4j", infer4j.get("engine").asText());
    assertTrue(infer4j.get("decode_tokens_per_s").asDouble() < tuned.get("decode_tokens_per_s").asDouble(),
        infer4j + " vs " + tuned);

    CliResult table = Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "h200",
        "--precision", "q8_0", "--engine", "INFER4J");
    assertEquals(0, table.exitCode(), table::toString);
    assertTrue(table.out().contains("engine       infer4j: infer4j's CUDA path on this GPU"
        + " (efficiencies measured on "), table.out());
    CliResult defaultTable = Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "h200");
    assertTrue(defaultTable.out().contains("engine       tuned: a well-tuned engine on this hardware"),
        defaultTable.out());
  }

  @Test
  void aBadEngineFailsNamingTheOptionAndValue() {
    CliResult bad = Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "h200",
        "--engine", "vllm");
    assertEquals(ExitCode.INVALID_REQUEST.code(), bad.exitCode(), bad::toString);
    assertEquals(List.of("error: InvalidRequestException: invalid request: engine: unknown engine"
        + " 'vllm'; accepted: tuned, infer4j"), bad.errLines());

    CliResult fp8 = Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "h200",
        "--engine", "infer4j", "--precision", "fp8");
    assertEquals(ExitCode.INVALID_REQUEST.code(), fp8.exitCode(), fp8::toString);
    assertTrue(fp8.err().contains("precision") && fp8.err().contains("no fp8 kernels"), fp8.err());

    CliResult lpu = Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "lpu",
        "--engine", "infer4j");
    assertEquals(ExitCode.INVALID_REQUEST.code(), lpu.exitCode(), lpu::toString);
    assertTrue(lpu.err().contains("engine") && lpu.err().contains("GPU hardware"), lpu.err());
  }

  @Test
  void tooFewChipsFailsNamingHowManyAreNeeded() {
    CliResult r = Cli.run("plan", "--model", "llama-2-70b", "--hardware", "lpu", "--chips", "8");

    assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.errLines().get(0).matches(".*needs \\d+ chips.*"), r.err());
  }

  @Test
  void llama31405bPlansOnEightH200sAtFp8AndNeedsThousandsOfLpuChips() throws Exception {
    JsonNode plan = json(Cli.run("plan", "--model", "llama-3.1-405b", "--hardware", "h200",
        "--gpus", "8", "--precision", "fp8", "--json"));
    assertEquals(8, plan.get("gpus").asInt());
    assertTrue(plan.get("hbm_bytes_used").asLong() < plan.get("hbm_bytes_available").asLong(),
        plan.toString());

    CliResult lpu = Cli.run("plan", "--model", "llama-3.1-405b", "--hardware", "lpu", "--chips",
        "64");
    assertEquals(ExitCode.INVALID_REQUEST.code(), lpu.exitCode(), lpu::toString);
    assertEquals(1, lpu.errLines().size(), lpu::toString);
    assertTrue(lpu.errLines().get(0).matches(".*llama-3.1-405b.*needs \\d{4} chips.*"), lpu.err());
  }

  @Test
  void theModelOptionListsEveryCatalogModel() {
    CliResult help = Cli.run("plan", "--help");
    assertEquals(0, help.exitCode(), help::toString);
    for (String name : ModelCatalog.names()) {
      assertTrue(help.out().contains(name), name + " in " + help.out());
    }
  }

  @Test
  void badLpuOptionsFailNamingTheOptionAndValue() {
    CliResult precision =
        Cli.run("plan", "--model", "llama-2-7b", "--hardware", "lpu", "--precision", "q4_0");
    assertEquals(ExitCode.INVALID_REQUEST.code(), precision.exitCode(), precision::toString);
    assertEquals(1, precision.errLines().size(), precision::toString);
    assertTrue(precision.err().contains("precision") && precision.err().contains("q4_0")
        && precision.err().contains("int8, fp8, fp16"), precision.err());

    CliResult chips =
        Cli.run("plan", "--model", "llama-2-7b", "--hardware", "lpu", "--chips", "20000");
    assertEquals(ExitCode.INVALID_REQUEST.code(), chips.exitCode(), chips::toString);
    assertTrue(chips.err().contains("chips") && chips.err().contains("20000"), chips.err());
  }

  @Test
  void aModelTooBigForOneGpuSaysHowManyWouldFit() {
    CliResult r = Cli.run("plan", "--model", "llama-2-70b", "--hardware", "a100");

    assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
    assertTrue(r.err().contains("--gpus 2"), r.err());
  }

  @Test
  void unknownModelsAndHardwareAreNamed() {
    CliResult model = Cli.run("plan", "--model", "gpt-9", "--hardware", "lpu");
    assertEquals(ExitCode.MODEL_NOT_FOUND.code(), model.exitCode(), model::toString);
    assertTrue(model.err().contains("llama-2-7b"), model.err());

    CliResult hw = Cli.run("plan", "--model", "llama-2-7b", "--hardware", "tpu");
    assertEquals(ExitCode.INVALID_REQUEST.code(), hw.exitCode(), hw::toString);
    assertTrue(hw.err().contains("'tpu'; accepted: lpu, h100, h200, a100, l4, b200, mi300x, mi325x,"
        + " tpu-v5e, tpu-v6e"), hw.err());
  }

  @Test
  void everyPlanCarriesCostAndEnergyAndThePriceFlagRepricesIt() throws Exception {
    JsonNode list = json(Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "mi300x", "--json"));
    JsonNode c = list.get("cost_energy");
    assertEquals(750, c.get("watts_per_unit").asDouble());
    assertEquals(1.99, c.get("price_per_unit_hour_usd").asDouble());
    double perS = list.get("decode_tokens_per_s").asDouble();
    assertEquals(750 / perS, c.get("joules_per_output_token").asDouble(), 1e-3);

    JsonNode mine = json(Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "mi300x",
        "--price-per-hour", "3.6", "--watts", "500", "--json")).get("cost_energy");
    assertEquals(3.6 / 3600 / perS * 1e6, mine.get("usd_per_million_output_tokens").asDouble(), 1e-3);
    assertEquals("given", mine.get("price_source").asText());
    assertEquals(500 / perS, mine.get("joules_per_output_token").asDouble(), 1e-3);

    CliResult bad = Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "lpu", "--price-per-hour", "-2");
    assertEquals(ExitCode.INVALID_REQUEST.code(), bad.exitCode(), bad::toString);
    assertTrue(bad.err().contains("price-per-hour"), bad.err());
  }

  @Test
  void aRateFindsTheSmallestSystemWithinTheSlos() throws Exception {
    JsonNode cap = json(Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "h100",
        "--rate", "20", "--prompt-tokens", "512", "--output-tokens", "128",
        "--ttft-slo", "300", "--tpot-slo", "40", "--json"));
    assertEquals("h100", cap.get("hardware").asText());
    int replicas = cap.get("replicas").asInt();
    assertEquals(replicas * cap.get("units_per_replica").asInt(), cap.get("total_units").asInt());
    assertTrue(cap.get("ttft_p99_ms").asDouble() <= 300, cap::toString);
    assertTrue(cap.get("tpot_ms").asDouble() <= 40, cap::toString);
    assertTrue(cap.get("slot_use").asDouble() <= 1, cap::toString);
    assertTrue(cap.get("goodput_requests_per_s").asDouble() >= 20, cap::toString);
    assertEquals(cap.get("total_units").asInt() * 700.0 / (20 * 128),
        cap.get("joules_per_output_token").asDouble(), 1e-3);

    // a lighter load never needs more
    JsonNode light = json(Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "h100",
        "--rate", "2", "--prompt-tokens", "512", "--output-tokens", "128",
        "--ttft-slo", "300", "--tpot-slo", "40", "--json"));
    assertTrue(light.get("total_units").asInt() <= cap.get("total_units").asInt());

    CliResult lpu = Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "lpu", "--rate", "20",
        "--prompt-tokens", "512", "--output-tokens", "128", "--ttft-slo", "300", "--tpot-slo", "40");
    assertEquals(0, lpu.exitCode(), lpu::toString);
    assertTrue(lpu.out().contains("goodput        up to"), lpu.out());
  }

  @Test
  void capacityFlagsAreCheckedAndAnImpossibleSloSaysByHowMuch() {
    CliResult missing = Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "h100", "--rate", "5",
        "--ttft-slo", "300");
    assertEquals(ExitCode.INVALID_REQUEST.code(), missing.exitCode(), missing::toString);
    assertTrue(missing.err().contains("--tpot-slo is missing"), missing.err());

    CliResult tooFast = Cli.run("plan", "--model", "llama-3.1-70b", "--hardware", "a100", "--rate", "5",
        "--ttft-slo", "300", "--tpot-slo", "1");
    assertEquals(ExitCode.INVALID_REQUEST.code(), tooFast.exitCode(), tooFast::toString);
    assertTrue(tooFast.err().contains("tpotSlo") && tooFast.err().contains("the fastest decode step takes")
        && tooFast.err().contains("% over"), tooFast.err());

    CliResult negative = Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "h100", "--rate", "-1",
        "--ttft-slo", "300", "--tpot-slo", "40");
    assertEquals(ExitCode.INVALID_REQUEST.code(), negative.exitCode(), negative::toString);
    assertTrue(negative.err().contains("--rate must be a positive number"), negative.err());
  }

  @Test
  void prefillAndDecodePoolsArePlannedApartAndComparedWithEachAggregated() throws Exception {
    JsonNode r = json(Cli.run("plan", "--model", "llama-3.1-70b", "--precision", "fp8",
        "--prefill", "h100", "--decode", "h200:2", "--link", "infiniband", "--rate", "10",
        "--prompt-tokens", "1024", "--output-tokens", "256", "--ttft-slo", "400", "--tpot-slo", "30",
        "--json"));
    assertEquals("infiniband", r.get("link").asText());
    // 80 layers x 8 KV heads x 128 x (K and V) x 2 bytes x 1,024 tokens
    assertEquals(80L * 8 * 128 * 2 * 2 * 1024, r.get("kv_bytes_per_request").asLong());
    JsonNode split = r.get("disaggregated");
    assertEquals(2, split.get("decode_units_per_replica").asInt(), "h200:2 fixes the decode replica");
    assertEquals(split.get("prefill_units_per_replica").asInt() * split.get("prefill_replicas").asInt()
        + 2 * split.get("decode_replicas").asInt(), split.get("total_units").asInt());
    assertTrue(split.get("ttft_p99_ms").asDouble() <= 400 && split.get("tpot_ms").asDouble() <= 30, r::toString);
    assertEquals(2, r.get("aggregated").size(), "one aggregated system per hardware kind");

    CliResult nvlink = Cli.run("plan", "--model", "llama-3.1-70b", "--prefill", "h100", "--decode",
        "h200", "--link", "nvlink", "--rate", "1", "--ttft-slo", "400", "--tpot-slo", "30");
    assertEquals(ExitCode.INVALID_REQUEST.code(), nvlink.exitCode(), nvlink::toString);
    assertTrue(nvlink.err().contains("NVLink joins NVIDIA GPUs of one kind"), nvlink.err());

    CliResult half = Cli.run("plan", "--model", "llama-3.1-70b", "--prefill", "h100", "--rate", "1",
        "--ttft-slo", "400", "--tpot-slo", "30");
    assertEquals(ExitCode.INVALID_REQUEST.code(), half.exitCode(), half::toString);
    assertTrue(half.err().contains("--decode is missing"), half.err());
    CliResult badPool = Cli.run("plan", "--model", "llama-3.1-70b", "--prefill", "h100:x",
        "--decode", "lpu", "--rate", "1", "--ttft-slo", "400", "--tpot-slo", "30");
    assertEquals(ExitCode.INVALID_REQUEST.code(), badPool.exitCode(), badPool::toString);
    assertTrue(badPool.err().contains("the count after ':'"), badPool.err());
  }

  @Test
  void anLpuPlanShowsItsSramTradeOffAgainstHbmGpus() throws Exception {
    JsonNode lpu = json(Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "lpu", "--json"));
    int chips = lpu.get("chips").asInt();
    assertTrue(chips > 8, "an 8B model at int8 needs tens of 230 MB chips: " + chips);
    JsonNode vs = lpu.get("hbm_comparison");
    assertEquals(2, vs.size(), vs::toString);
    assertEquals("h100", vs.get(0).get("hardware").asText());
    assertEquals(1, vs.get(0).get("gpus").asInt(), "8 GB of weights fit one 80 GB GPU");
    assertTrue(vs.get(0).get("inter_token_latency_ms").asDouble()
        > lpu.get("inter_token_latency_ms").asDouble(), "the LPU buys latency with chips");
    assertTrue(vs.get(0).get("system_watts").asDouble()
        < lpu.get("cost_energy").get("system_watts").asDouble(), "and with power");

    CliResult table = Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "lpu");
    assertTrue(table.out().contains("vs HBM GPUs          1 x h100 (" + chips + " chips here)"),
        table.out());
  }

  @Test
  void withoutJsonItPrintsATable() {
    CliResult r = Cli.run("plan", "--model", "stories260K", "--hardware", "lpu");

    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().contains("stories260K"), r.out());
  }

  @Test
  void aModelFileIsPlannedFromTheShapeInItsHeader() throws Exception {
    String gguf = SharedFiles.model("stories260K-q8_0.gguf").toString();

    // the GGUF conversion says its context is 128 tokens (the catalog entry says 512)
    JsonNode lpu = json(Cli.run("plan", "--model", gguf, "--hardware", "lpu",
        "--prompt-tokens", "32", "--output-tokens", "32", "--json"));
    assertEquals("stories260K-q8_0.gguf", lpu.get("model").asText());
    JsonNode catalog = json(Cli.run("plan", "--model", "stories260K", "--hardware", "lpu",
        "--prompt-tokens", "32", "--output-tokens", "32", "--json"));
    // the GGUF conversion stores output.weight as its own copy of the 512 x 64 embedding
    assertEquals(catalog.get("weights_bytes").asLong() + 512 * 64, lpu.get("weights_bytes").asLong(),
        "the file's shape is the catalog's stories260K with an untied output matrix");
    JsonNode bin = json(Cli.run("plan", "--model", SharedFiles.model("stories260K.bin").toString(),
        "--tokenizer", SharedFiles.model("tok512.bin").toString(), "--hardware", "lpu",
        "--prompt-tokens", "32", "--output-tokens", "32", "--json"));
    assertEquals(catalog.get("weights_bytes").asLong(), bin.get("weights_bytes").asLong(),
        "the llama2.c checkpoint shares its classifier, as the catalog entry does");

    JsonNode gpu = json(Cli.run("plan", "--model", gguf, "--hardware", "l4",
        "--prompt-tokens", "32", "--output-tokens", "32", "--json"));
    assertTrue(gpu.get("decode_tokens_per_s").asDouble() > 0);

  }

  @Test
  void withoutLengthFlagsASmallContextIsSplitBetweenPromptAndOutput() throws Exception {
    String gguf = SharedFiles.model("stories260K-q8_0.gguf").toString(); // 128-token context

    for (String hardware : new String[] {"lpu", "h100"}) {
      JsonNode plan = json(Cli.run("plan", "--model", gguf, "--hardware", hardware, "--json"));
      assertEquals(64, plan.get("prompt_tokens").asInt(), hardware);
      assertEquals(64, plan.get("output_tokens").asInt(), hardware);
    }
    JsonNode rest = json(Cli.run("plan", "--model", gguf, "--hardware", "lpu",
        "--prompt-tokens", "100", "--json"));
    assertEquals(28, rest.get("output_tokens").asInt(), "the output gets what the prompt leaves");
    JsonNode big = json(Cli.run("plan", "--model", "llama-2-7b", "--hardware", "lpu", "--json"));
    assertEquals(128, big.get("prompt_tokens").asInt());
    assertEquals(128, big.get("output_tokens").asInt());
  }

  @Test
  void lengthsGivenThatDoNotFitNameTheFlagsToLower() {
    String gguf = SharedFiles.model("stories260K-q8_0.gguf").toString();

    CliResult r = Cli.run("plan", "--model", gguf, "--hardware", "h100",
        "--prompt-tokens", "100", "--output-tokens", "100");

    assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
    assertEquals(List.of("error: InvalidRequestException: invalid request: outputTokens:"
        + " --prompt-tokens 100 + --output-tokens 100 = 200 tokens exceed the 128-token context of"
        + " stories260K-q8_0.gguf; lower --prompt-tokens or --output-tokens"), r.errLines());
  }

  @Test
  void lpuAndGpuTablesPrintSizesInGib() {
    for (String hardware : new String[] {"lpu", "h100"}) {
      CliResult r = Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", hardware);

      assertEquals(0, r.exitCode(), r::toString);
      assertTrue(r.out().matches("(?s).*weights +\\d+\\.\\d\\d GiB\\R.*"), r.out());
      assertTrue(r.out().matches("(?s).*(SRAM|HBM) used +\\d+\\.\\d\\d GiB of \\d+\\.\\d\\d GiB\\R.*"), r.out());
      assertFalse(r.out().contains(" GB"), r.out());
    }
  }
}
