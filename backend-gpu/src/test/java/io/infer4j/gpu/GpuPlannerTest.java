package io.infer4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidRequestException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.runtime.shape.ModelCatalog;
import io.infer4j.spi.LatencyEstimate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuPlannerTest {

  private static GpuPlan plan(String model, GpuHardware hw, int gpus, GpuPrecision p, int prompt, int output) {
    return GpuPlanner.plan(
        GpuPlanRequest.builder(model, hw).gpus(gpus).precision(p).promptTokens(prompt).outputTokens(output).build());
  }

  @Test
  void bandwidthBoundDecodeTimeScalesWithTheBytesOfTheWeights() {
    GpuPlan bf16 = plan("llama-2-7b", GpuHardware.H100, 1, GpuPrecision.BF16, 16, 16);
    GpuPlan q4 = plan("llama-2-7b", GpuHardware.H100, 1, GpuPrecision.Q4_0, 16, 16);
    assertEquals(0.0, bf16.decode().computeBoundMs(), "batch-1 decode is memory-bound");
    double bytesRatio = GpuPrecision.BF16.bytesPerWeight() / GpuPrecision.Q4_0.bytesPerWeight();
    double timeRatio = bf16.decode().memoryBoundMs() / q4.decode().memoryBoundMs();
    assertEquals(bytesRatio, timeRatio, bytesRatio * 0.05, "memory time follows weight bytes");
    assertTrue(q4.interTokenLatencyMs() < bf16.interTokenLatencyMs());
  }

  @Test
  void bandwidthBoundDecodeTimeScalesInverselyWithHbmBandwidth() {
    GpuPlan h100 = plan("llama-3.1-8b", GpuHardware.H100, 1, GpuPrecision.BF16, 64, 64);
    GpuPlan h200 = plan("llama-3.1-8b", GpuHardware.H200, 1, GpuPrecision.BF16, 64, 64);
    double expected = GpuHardware.H200.spec().hbmBandwidth() / GpuHardware.H100.spec().hbmBandwidth();
    assertEquals(expected, h100.decode().memoryBoundMs() / h200.decode().memoryBoundMs(), 1e-9);
    assertEquals(h100.decode().launchOverheadMs(), h200.decode().launchOverheadMs(), 1e-12);
  }

  @Test
  void prefillBecomesComputeBoundForLongPrompts() {
    GpuPlan shortPrompt = plan("llama-3.1-8b", GpuHardware.H100, 1, GpuPrecision.BF16, 8, 8);
    GpuPlan longPrompt = plan("llama-3.1-8b", GpuHardware.H100, 1, GpuPrecision.BF16, 4096, 8);
    assertTrue(shortPrompt.prefill().memoryBoundMs() > shortPrompt.prefill().computeBoundMs());
    assertTrue(longPrompt.prefill().computeBoundMs() > longPrompt.prefill().memoryBoundMs());
    assertTrue(longPrompt.ttftMs() > 10 * shortPrompt.ttftMs());
    assertTrue(longPrompt.prefillTokensPerS() > 10 * shortPrompt.prefillTokensPerS());
  }

  @Test
  void decodeTimeGrowsWithContextThroughKvCacheTraffic() {
    GpuPlan shortContext = plan("llama-3.1-8b", GpuHardware.H100, 1, GpuPrecision.BF16, 128, 128);
    GpuPlan longContext = plan("llama-3.1-8b", GpuHardware.H100, 1, GpuPrecision.BF16, 65536, 128);
    assertTrue(longContext.interTokenLatencyMs() > shortContext.interTokenLatencyMs() * 1.3);
  }

  @Test
  void moreTensorParallelGpusLowerPerTokenTimeButAddAllReduceCost() {
    GpuPlan two = plan("llama-2-70b", GpuHardware.H100, 2, GpuPrecision.BF16, 128, 128);
    GpuPlan four = plan("llama-2-70b", GpuHardware.H100, 4, GpuPrecision.BF16, 128, 128);
    GpuPlan eight = plan("llama-2-70b", GpuHardware.H100, 8, GpuPrecision.BF16, 128, 128);
    assertTrue(two.interTokenLatencyMs() > four.interTokenLatencyMs());
    assertTrue(four.interTokenLatencyMs() > eight.interTokenLatencyMs());
    assertTrue(two.decode().collectivesMs() > 0);
    assertTrue(two.decode().collectivesMs() < four.decode().collectivesMs());
    assertTrue(four.decode().collectivesMs() < eight.decode().collectivesMs());
    // Splitting 8 ways does not give 4x the 2-GPU speed: collectives and launches do not shrink.
    assertTrue(two.interTokenLatencyMs() / eight.interTokenLatencyMs() < 4.0);
    GpuPlan one = plan("llama-2-7b", GpuHardware.H100, 1, GpuPrecision.BF16, 128, 128);
    assertEquals(0.0, one.decode().collectivesMs());
  }

  @Test
  void aModelThatDoesNotFitNamesTheBytesNeededAndAvailable() {
    ModelDoesNotFitException e =
        assertThrows(ModelDoesNotFitException.class,
            () -> plan("llama-2-70b", GpuHardware.H100, 1, GpuPrecision.BF16, 128, 128));
    assertTrue(e.bytesNeededPerGpu() > e.bytesAvailablePerGpu());
    assertTrue(e.bytesNeededPerGpu() > 128L << 30, "70B parameters at 2 bytes each");
    assertEquals(2, e.gpusThatFit());
    String message = e.getMessage();
    assertTrue(message.contains(String.format(java.util.Locale.ROOT, "%,d", e.bytesNeededPerGpu())), message);
    assertTrue(message.contains(String.format(java.util.Locale.ROOT, "%,d", e.bytesAvailablePerGpu())), message);
    assertTrue(message.contains("--gpus 2"), message);
  }

  @Test
  void aTpuPlanThatDoesNotFitSuggestsASliceThatExists() {
    GpuHardware tpu = GpuHardware.fromId("tpu-v6e");
    ModelDoesNotFitException e = assertThrows(ModelDoesNotFitException.class,
        () -> GpuPlanner.plan(GpuPlanRequest.builder("qwen3-30b-a3b", tpu).gpus(1).build()));
    assertTrue(tpu.unitCounts().contains(e.gpusThatFit()), "a slice size, not 2: " + e.gpusThatFit());
    String message = e.getMessage();
    assertTrue(message.contains("--gpus " + e.gpusThatFit() + " (a slice of "), message);
    assertTrue(message.contains("bytes per chip"), message);
    // the suggestion is a plan that exists
    assertTrue(GpuPlanner.plan(GpuPlanRequest.builder("qwen3-30b-a3b", tpu)
        .gpus(e.gpusThatFit()).build()).hbmBytesUsed() > 0);
  }

  @Test
  void aWorkloadThatFitsNoGpuCountSaysSo() {
    GpuPlanRequest huge =
        GpuPlanRequest.builder("llama-3.1-70b", GpuHardware.L4).gpus(8).batch(64).promptTokens(32000).build();
    ModelDoesNotFitException e = assertThrows(ModelDoesNotFitException.class, () -> GpuPlanner.plan(huge));
    assertEquals(0, e.gpusThatFit());
    assertTrue(e.getMessage().contains("no tensor-parallel degree"), e.getMessage());
  }

  @Test
  void theSameModelFitsWhereTheHbmIsLargeEnough() {
    GpuPlan h200 = plan("llama-2-70b", GpuHardware.H200, 1, GpuPrecision.BF16, 128, 128);
    assertTrue(h200.hbmBytesUsed() <= h200.hbmBytesAvailable());
    assertTrue(h200.hbmBytesUsed() > h200.weightsBytes());
  }

  @Test
  void everyCatalogModelPlansOnTheFewestGpusThatHoldIt() {
    List<String> models = GpuPlanner.models();
    assertTrue(models.containsAll(List.of("llama-2-7b", "llama-2-13b", "llama-2-70b", "llama-3.1-8b",
        "llama-3.1-70b", "llama-3.3-70b", "mixtral-8x7b", "stories260K", "tinyllama-1.1b")));
    int planned = 0;
    for (GpuHardware hardware : GpuHardware.values()) {
      for (String model : models) {
        GpuPlan plan = fewestGpus(model, hardware);
        if (plan == null) {
          continue; // larger than the biggest system of this hardware (checked in fewestGpus)
        }
        planned++;
        assertTrue(plan.ttftMs() > 0 && plan.interTokenLatencyMs() > 0, model + " on " + hardware);
        assertEquals(1000.0 / plan.interTokenLatencyMs(), plan.decodeTokensPerS(), 1e-9);
        assertTrue(plan.hbmBytesUsed() <= plan.hbmBytesAvailable(), model + " on " + hardware);
      }
    }
    assertTrue(planned > models.size() * (GpuHardware.values().length - 1), "plans: " + planned);
  }

  /**
   * The plan on the fewest GPUs (powers of two) that hold the model at BF16, or null when no system
   * of this hardware can: then its BF16 weights alone must exceed the HBM of the largest system
   * (Llama 3.1 405B's 812 GB against 8 x 80 GB H100s), so a null is a capacity limit, not a bug.
   */
  private static GpuPlan fewestGpus(String model, GpuHardware hardware) {
    ModelDoesNotFitException last = null;
    for (int gpus : hardware.unitCounts()) {
      try {
        return plan(model, hardware, gpus, GpuPrecision.BF16, 128, 128);
      } catch (ModelDoesNotFitException e) {
        last = e;
      } catch (InvalidRequestException e) {
        // this GPU count does not divide the model's attention heads (28 for Qwen2.5-7B): next
      }
    }
    long weights = GpuPrecision.BF16.bytesFor(ModelCatalog.get(model).parameterCount());
    long largestSystem = hardware.maxUnits() * hardware.spec().hbmBytes();
    if (weights <= largestSystem) {
      throw new AssertionError(model + " fits no " + hardware + " although its "
          + weights + " weight bytes are within " + largestSystem, last);
    }
    return null;
  }

  @Test
  void llama31405bPlansOnEightH200sAtFp8AndFitsNoH100NodeAtBf16() {
    GpuPlan plan = plan("llama-3.1-405b", GpuHardware.H200, 8, GpuPrecision.FP8, 128, 128);
    assertTrue(plan.hbmBytesUsed() <= plan.hbmBytesAvailable());
    // 405.9B weights at one byte each
    long params = ModelCatalog.get("llama-3.1-405b").parameterCount();
    assertEquals(params, plan.weightsBytes(), params * 0.01);
    assertTrue(plan.interTokenLatencyMs() > 0 && plan.ttftMs() > 0);
    ModelDoesNotFitException e = assertThrows(ModelDoesNotFitException.class,
        () -> plan("llama-3.1-405b", GpuHardware.H100, 8, GpuPrecision.BF16, 128, 128));
    assertTrue(e.getMessage().contains("llama-3.1-405b"), e.getMessage());
  }

  @Test
  void mixtureOfExpertsDecodeReadsOnlyTheRoutedExperts() {
    GpuPlan mixtral = plan("mixtral-8x7b", GpuHardware.H200, 1, GpuPrecision.BF16, 128, 128);
    GpuPlan dense13b = plan("llama-2-13b", GpuHardware.H200, 1, GpuPrecision.BF16, 128, 128);
    // 46.7B parameters stored, about 12.9B read per token: decode close to a 13B dense model.
    assertTrue(mixtral.weightsBytes() > 3 * dense13b.weightsBytes());
    assertEquals(dense13b.decode().memoryBoundMs(), mixtral.decode().memoryBoundMs(),
        dense13b.decode().memoryBoundMs() * 0.2);
  }

  @Test
  void theSamePlanIsPredictedEveryTime() {
    GpuPlan a = plan("llama-3.3-70b", GpuHardware.B200, 2, GpuPrecision.FP8, 2048, 256);
    GpuPlan b = plan("llama-3.3-70b", GpuHardware.B200, 2, GpuPrecision.FP8, 2048, 256);
    assertEquals(a, b);
  }

  @Test
  void theRouterEstimateCarriesTheTimesWithConfidenceBelowOne() {
    GpuPlan plan = plan("llama-3.1-8b", GpuHardware.L4, 1, GpuPrecision.Q8_0, 512, 64);
    LatencyEstimate estimate = plan.toLatencyEstimate();
    assertTrue(estimate.confidence() < 1.0 && estimate.confidence() > 0.0);
    assertEquals(Math.round(plan.ttftMs() * 1e6), estimate.timeToFirstToken().toNanos());
    assertEquals(Math.round(plan.interTokenLatencyMs() * 1e6), estimate.perToken().toNanos());
    assertTrue(estimate.total(64).compareTo(Duration.ofNanos(estimate.timeToFirstToken().toNanos())) > 0);
  }

  @Test
  void jsonFieldsUseTheLpuPlanNamesWithGpusAndHbm() {
    GpuPlan plan = plan("llama-2-7b", GpuHardware.A100, 2, GpuPrecision.INT8, 100, 10);
    List<String> keys = List.copyOf(plan.toJsonFields().keySet());
    assertEquals(List.of("model", "hardware", "gpus", "precision", "weights_bytes", "hbm_bytes_used",
        "ttft_ms", "inter_token_latency_ms", "decode_tokens_per_s", "prefill_tokens_per_s"), keys.subList(0, 10));
    String json = plan.toJson();
    assertTrue(json.startsWith("{\"model\":\"llama-2-7b\",\"hardware\":\"a100\",\"gpus\":2,\"precision\":\"int8\""), json);
    assertTrue(json.contains("\"weights_bytes\":" + plan.weightsBytes()), json);
    assertTrue(plan.toTable().contains("2 x A100 SXM 80GB"), plan.toTable());
  }

  @Test
  void theTablePrintsSizesInGibLikeTheLpuPlan() {
    GpuPlan plan = plan("llama-2-7b", GpuHardware.H100, 1, GpuPrecision.BF16, 128, 128);
    String table = plan.toTable();

    String weights = String.format(java.util.Locale.ROOT, "%.2f GiB", plan.weightsBytes() / (double) (1L << 30));
    assertTrue(table.contains("weights      " + weights), table);
    assertTrue(table.matches("(?s).*HBM used +\\d+\\.\\d\\d GiB of \\d+\\.\\d\\d GiB.*"), table);
  }

  @Test
  void badInputsFailWithTypedErrorsNamingTheProblem() {
    ModelNotFoundException unknown =
        assertThrows(ModelNotFoundException.class, () -> plan("gpt-5", GpuHardware.H100, 1, GpuPrecision.BF16, 8, 8));
    assertTrue(unknown.getMessage().contains("llama-2-7b"), unknown.getMessage());
    InvalidRequestException heads =
        assertThrows(InvalidRequestException.class, () -> plan("llama-2-7b", GpuHardware.H100, 3, GpuPrecision.BF16, 8, 8));
    assertEquals("gpus", heads.field());
    InvalidRequestException context =
        assertThrows(InvalidRequestException.class, () -> plan("llama-2-7b", GpuHardware.H100, 1, GpuPrecision.BF16, 4000, 200));
    assertEquals("promptTokens", context.field());
    assertEquals("precision", assertThrows(InvalidRequestException.class, () -> GpuPrecision.fromId("fp4")).field());
    assertEquals("hardware", assertThrows(InvalidRequestException.class, () -> GpuHardware.fromId("mi400x")).field());
    assertEquals("gpus", assertThrows(InvalidRequestException.class,
        () -> GpuPlanRequest.builder("llama-2-7b", GpuHardware.H100).gpus(16).build()).field());
    assertEquals(GpuPrecision.Q4_0, GpuPrecision.fromId(" Q4_0 "));
    assertEquals(GpuHardware.B200, GpuHardware.fromId("B200"));
  }
}
