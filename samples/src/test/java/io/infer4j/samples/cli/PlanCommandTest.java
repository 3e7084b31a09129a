package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
  void tooFewChipsFailsNamingHowManyAreNeeded() {
    CliResult r = Cli.run("plan", "--model", "llama-2-70b", "--hardware", "lpu", "--chips", "8");

    assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.errLines().get(0).matches(".*needs \\d+ chips.*"), r.err());
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
    assertTrue(hw.err().contains("tpu"), hw.err());
  }

  @Test
  void withoutJsonItPrintsATable() {
    CliResult r = Cli.run("plan", "--model", "stories260K", "--hardware", "lpu");

    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().contains("stories260K"), r.out());
  }
}
