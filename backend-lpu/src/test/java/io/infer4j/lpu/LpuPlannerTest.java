package io.infer4j.lpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidRequestException;
import io.infer4j.runtime.shape.ModelCatalog;
import io.infer4j.runtime.shape.ModelShape;
import io.infer4j.spi.LatencyEstimate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LpuPlannerTest {

  private final LpuPlanner planner = new LpuPlanner();

  private static LpuPlanRequest on(int chips) {
    return LpuPlanRequest.defaults().withChips(chips);
  }

  @Test
  void theSameInputsGiveTheSamePlanAlways() {
    LpuPlanRequest options = on(576).withPromptTokens(550).withOutputTokens(150);
    LpuPlan first = planner.plan("llama-2-70b", options);
    for (int i = 0; i < 3; i++) {
      assertEquals(first, new LpuPlanner().plan("llama-2-70b", options));
    }
    assertEquals(first.toJson(), planner.plan(ModelCatalog.get("llama-2-70b"), options).toJson());
  }

  @Test
  void theFewestChipsFitAndOneFewerIsRejectedNamingHowManyAreNeeded() {
    LpuPlan fewest = planner.plan("llama-2-70b", LpuPlanRequest.defaults());
    assertTrue(fewest.sramBytesUsed() <= fewest.sramBytesTotal());
    int needed = fewest.chips();
    InsufficientChipsException e = assertThrows(InsufficientChipsException.class,
        () -> planner.plan("llama-2-70b", on(needed - 1)));
    assertEquals(needed, e.chipsNeeded());
    assertEquals(needed - 1, e.chipsGiven());
    assertTrue(e.getMessage().contains("needs " + needed + " chips"), e.getMessage());
    assertEquals(needed, planner.plan("llama-2-70b", on(needed)).chips());
  }

  @Test
  void aSeventyBillionModelDoesNotFitInOneNode() {
    InsufficientChipsException e = assertThrows(InsufficientChipsException.class,
        () -> planner.plan("llama-2-70b", on(8)));
    // 69 GB of INT8 weights over at most 220 MiB per chip: more than 300 chips
    assertTrue(e.chipsNeeded() > 300, e.getMessage());
    assertTrue(e.getMessage().contains("llama-2-70b"), e.getMessage());
  }

  @Test
  void sixteenBitWeightsNeedAboutTwiceTheChips() {
    int int8 = planner.plan("llama-2-7b", LpuPlanRequest.defaults()).chips();
    int fp16 = planner.plan("llama-2-7b", LpuPlanRequest.defaults().withPrecision(LpuPrecision.FP16)).chips();
    assertTrue(fp16 >= 2 * int8 - 2 && fp16 <= 2 * int8 + 34, int8 + " vs " + fp16);
  }

  @Test
  void aLongerContextNeedsMoreSramAndCanNeedMoreChips() {
    LpuPlan shortContext = planner.plan("llama-2-7b", LpuPlanRequest.defaults().withPromptTokens(100));
    LpuPlan longContext = planner.plan("llama-2-7b", LpuPlanRequest.defaults().withPromptTokens(3900));
    assertTrue(longContext.sramBytesUsed() > shortContext.sramBytesUsed());
    assertTrue(longContext.chips() > shortContext.chips());
  }

  @Test
  void moreChipsThanTheLargestSystemAreRejected() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> planner.plan("llama-2-7b", on(20_000)));
    assertEquals("chips", e.field());
    assertTrue(e.getMessage().contains("10440"), e.getMessage());
  }

  @Test
  void prefillTimeGrowsWithPromptLength() {
    double previous = 0;
    for (int prompt : new int[] {16, 128, 512, 2048}) {
      LpuPlan plan = planner.plan("llama-2-70b", on(576).withPromptTokens(prompt));
      assertTrue(plan.ttftMs() > previous, prompt + " tokens: " + plan.ttftMs() + " ms");
      previous = plan.ttftMs();
    }
  }

  @Test
  void decodeTimeGrowsWithContextLength() {
    LpuPlan shortContext = planner.plan("llama-2-70b", on(576).withPromptTokens(64));
    LpuPlan longContext = planner.plan("llama-2-70b", on(576).withPromptTokens(3500));
    assertTrue(longContext.interTokenLatencyMs() > shortContext.interTokenLatencyMs(),
        shortContext.interTokenLatencyMs() + " vs " + longContext.interTokenLatencyMs());
    assertTrue(longContext.decodeBreakdownMs().get("attention")
        > shortContext.decodeBreakdownMs().get("attention"));
  }

  @Test
  void moreChipsForTheSameModelDecodeFaster() {
    LpuPlan fewest = planner.plan("llama-2-70b", LpuPlanRequest.defaults());
    LpuPlan more = planner.plan("llama-2-70b", on(2 * fewest.chips()));
    assertTrue(more.decodeTokensPerS() > fewest.decodeTokensPerS());
    assertTrue(more.tensorParallel() > fewest.tensorParallel());
  }

  @Test
  void perLayerDecodeTimeIsAboutTheSameAcrossSizesWhenChipsAreSizedToTheModel() {
    // Fewest chips: every chip is nearly full, so each streams about the same bytes per layer.
    double[] perLayerUs = new double[3];
    String[] models = {"llama-2-7b", "llama-2-13b", "llama-2-70b"};
    for (int i = 0; i < models.length; i++) {
      LpuPlan plan = planner.plan(models[i], LpuPlanRequest.defaults());
      perLayerUs[i] = plan.interTokenLatencyMs() * 1e3 / ModelCatalog.get(models[i]).layers();
    }
    double mean = (perLayerUs[0] + perLayerUs[1] + perLayerUs[2]) / 3;
    for (int i = 0; i < models.length; i++) {
      assertEquals(mean, perLayerUs[i], 0.2 * mean, models[i] + " per-layer us");
    }
  }

  @Test
  void everyCatalogModelHasAPlan() {
    for (String name : ModelCatalog.names()) {
      LpuPlan plan = planner.plan(name, LpuPlanRequest.defaults());
      ModelShape shape = ModelCatalog.get(name);
      assertEquals(name, plan.model());
      assertEquals(shape.parameterCount() * LpuPrecision.INT8.bytesPerWeight(), plan.weightsBytes());
      assertTrue(plan.chips() >= 1 && plan.chipsUsed() <= plan.chips(), name);
      assertTrue(plan.ttftMs() > 0 && plan.interTokenLatencyMs() > 0, name);
      assertEquals(1e3 / plan.interTokenLatencyMs(), plan.decodeTokensPerS(), 1e-9, name);
      double sum = plan.decodeBreakdownMs().values().stream().mapToDouble(Double::doubleValue).sum();
      assertEquals(plan.interTokenLatencyMs(), sum, 1e-6, name + " breakdown sums to the ITL");
    }
  }

  @Test
  void llama31405bNeedsThousandsOfChipsAndFewerIsATypedErrorNamingHowMany() {
    LpuPlan plan = planner.plan("llama-3.1-405b", LpuPlanRequest.defaults());
    // 405.9 GB of INT8 weights over about 208 MB of usable SRAM per chip
    assertTrue(plan.chips() > 1900 && plan.chips() < 2200, "chips " + plan.chips());
    assertTrue(plan.sramBytesUsed() <= plan.sramBytesTotal());
    InsufficientChipsException e = assertThrows(InsufficientChipsException.class,
        () -> planner.plan("llama-3.1-405b", on(64)));
    assertEquals(plan.chips(), e.chipsNeeded());
    assertEquals(64, e.chipsGiven());
    assertTrue(e.getMessage().contains("llama-3.1-405b"), e.getMessage());
    InvalidRequestException tooMany = assertThrows(InvalidRequestException.class,
        () -> planner.plan("llama-3.1-405b", on(20_000)));
    assertTrue(tooMany.getMessage().contains("largest LPU system"), tooMany.getMessage());
  }

  @Test
  void theSharedTestModelFitsOnOneChipWithoutChipToChipTime() {
    LpuPlan plan = planner.plan("stories260K", LpuPlanRequest.defaults());
    assertEquals(1, plan.chips());
    assertEquals(0.0, plan.decodeBreakdownMs().get("chip_hops"));
    assertEquals(0.0, plan.decodeBreakdownMs().get("link_transfer"));
  }

  @Test
  void networkAndQueueTermsAddToTheEndToEndTtftOnly() {
    LpuPlanRequest local = on(576);
    LpuPlan inProcess = planner.plan("llama-2-70b", local);
    LpuPlan remote = planner.plan("llama-2-70b",
        local.withNetworkLatency(Duration.ofMillis(40)).withQueueDelay(Duration.ofMillis(100)));
    assertEquals(inProcess.ttftMs(), inProcess.endToEndTtftMs());
    assertEquals(inProcess.ttftMs(), remote.ttftMs());
    assertEquals(inProcess.interTokenLatencyMs(), remote.interTokenLatencyMs());
    assertEquals(inProcess.ttftMs() + 140.0, remote.endToEndTtftMs(), 1e-9);
  }

  @Test
  void theLatencyEstimateForTheRouterIsExact() {
    LpuPlan plan = planner.plan("llama-2-7b",
        LpuPlanRequest.defaults().withNetworkLatency(Duration.ofMillis(5)));
    LatencyEstimate estimate = plan.latencyEstimate();
    assertEquals(1.0, estimate.confidence());
    assertEquals(Math.round(plan.endToEndTtftMs() * 1e6), estimate.timeToFirstToken().toNanos());
    assertEquals(Math.round(plan.interTokenLatencyMs() * 1e6), estimate.perToken().toNanos());
  }

  @Test
  void theJsonHasTheFieldsTheCommandLinePromises() {
    LpuPlan plan = planner.plan("llama-2-7b", LpuPlanRequest.defaults());
    Map<String, Object> fields = plan.toFields();
    for (String key : new String[] {"model", "hardware", "chips", "precision", "weights_bytes",
        "sram_bytes_used", "ttft_ms", "inter_token_latency_ms", "decode_tokens_per_s",
        "prefill_tokens_per_s"}) {
      assertTrue(fields.containsKey(key), key);
    }
    assertEquals("lpu", fields.get("hardware"));
    assertEquals("int8", fields.get("precision"));
    String json = plan.toJson();
    assertTrue(json.startsWith("{\"model\":\"llama-2-7b\",\"hardware\":\"lpu\",\"chips\":"), json);
    assertTrue(json.contains("\"simulated\":true"), json);
  }

  @Test
  void theTableNamesTheModelChipsAndSpeeds() {
    String table = planner.plan("mixtral-8x7b", LpuPlanRequest.defaults()).toTable();
    assertTrue(table.contains("mixtral-8x7b"), table);
    assertTrue(table.contains("tokens/s per sequence"), table);
    assertTrue(table.contains("TTFT (compute)"), table);
  }

  @Test
  void theTablePrintsSizesInGibLikeTheGpuPlan() {
    LpuPlan plan = planner.plan("llama-2-70b", LpuPlanRequest.defaults().withChips(576));
    String table = plan.toTable();

    String weights = String.format(java.util.Locale.ROOT, "%.2f GiB", plan.weightsBytes() / (double) (1L << 30));
    assertTrue(table.contains("weights              " + weights), table);
    assertTrue(table.matches("(?s).*SRAM used +\\d+\\.\\d\\d GiB of \\d+\\.\\d\\d GiB.*"), table);
    assertFalse(table.contains(" GB"), table);
  }

  @Test
  void aContextLongerThanTheModelsWindowIsRejected() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> planner.plan("llama-2-7b", LpuPlanRequest.defaults().withPromptTokens(4000)));
    assertTrue(e.getMessage().contains("context window of llama-2-7b (4096)"), e.getMessage());
  }

  @Test
  void invalidOptionsAreRejectedNamingTheField() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> LpuPlanRequest.defaults().withBatch(0));
    assertEquals("batch", e.field());
    assertTrue(e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(InvalidRequestException.class, () -> LpuPlanRequest.defaults().withChips(-1));
    assertEquals("chips", e.field());
    e = assertThrows(InvalidRequestException.class,
        () -> LpuPlanRequest.defaults().withPromptTokens(0));
    assertEquals("promptTokens", e.field());
    e = assertThrows(InvalidRequestException.class,
        () -> LpuPlanRequest.defaults().withOutputTokens(0));
    assertEquals("outputTokens", e.field());
  }
}
