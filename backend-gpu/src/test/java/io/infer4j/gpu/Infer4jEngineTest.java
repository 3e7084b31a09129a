package io.infer4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidRequestException;
import io.infer4j.runtime.shape.ModelCatalog;
import io.infer4j.runtime.shape.ModelShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The infer4j engine of the GPU timing model: it reproduces the device measurements its
 * efficiencies were derived from, it is never faster than the tuned engine, and it refuses what
 * infer4j's CUDA path cannot run.
 *
 * <p>The calibration checks are a consistency check, not a validation: they use the figures of the
 * 2026-12-04 run on one H200 that {@code infer4j-cuda-efficiency.properties} was derived from
 * (the 8B-shaped Q8_0 prefill is the very point the prefill fraction was solved for; the decode
 * figures are predicted from GpuBench's matvec bandwidths and the profile's per-kernel cost, not
 * fitted). They fail when the file's efficiencies and its figures drift apart (a new measurement
 * pasted without re-deriving the rest). When the file gets new figures, change these with it.
 */
class Infer4jEngineTest {

  /** Llama-3-8B's shape with the 32k Llama 2 vocabulary, as SyntheticGguf wrote the 7.7 GB file. */
  private static final ModelShape SYNTHETIC_8B =
      ModelShape.dense("synthetic-8b", 32, 4096, 32, 8, 14336, 32000, false, 8192);

  private static final ModelShape TINYLLAMA = ModelCatalog.get("tinyllama-1.1b");

  // One NVIDIA H200, driver 580.159.04, CUDA 13.0, 2026-12-04 (benchmarks/results/gpu-2026-12-04).
  private static final double DECODE_8B_MS = 3.838;
  private static final double DECODE_TINYLLAMA_MS = 1.151;
  private static final double DECODE_8B_BF16_MS = 4.952;
  private static final double PREFILL_8B_641_TOKENS_MS = 47.71;
  private static final double PREFILL_8B_BF16_641_TOKENS_MS = 41.47;

  private static GpuPlan h200Q8(ModelShape shape, GpuEngine engine, int prompt, int output) {
    return h200(shape, GpuPrecision.Q8_0, engine, prompt, output);
  }

  private static GpuPlan h200(
      ModelShape shape, GpuPrecision precision, GpuEngine engine, int prompt, int output) {
    return GpuPlanner.plan(shape, GpuPlanRequest.builder(shape.name(), GpuHardware.H200)
        .precision(precision).engine(engine).promptTokens(prompt).outputTokens(output).build());
  }

  @Test
  void theInfer4jEngineReproducesTheDecodeFiguresItWasCalibratedOnWithinFifteenPercent() {
    double b8 = h200Q8(SYNTHETIC_8B, GpuEngine.INFER4J, 16, 128).interTokenLatencyMs();
    double tiny = h200Q8(TINYLLAMA, GpuEngine.INFER4J, 16, 128).interTokenLatencyMs();

    assertWithin(0.15, DECODE_8B_MS, b8, "8B-shaped Q8_0 decode ms/token");
    assertWithin(0.15, DECODE_TINYLLAMA_MS, tiny, "TinyLlama-shaped Q8_0 decode ms/token");
  }

  @Test
  void theInfer4jEngineReproducesTheBf16DecodeFigureWithinFifteenPercent() {
    double bf16 = h200(SYNTHETIC_8B, GpuPrecision.BF16, GpuEngine.INFER4J, 16, 128)
        .interTokenLatencyMs();

    assertWithin(0.15, DECODE_8B_BF16_MS, bf16, "8B-shaped BF16 decode ms/token");
  }

  @Test
  void theInfer4jEngineReproducesThePrefillFigureItWasCalibratedOnWithinTwentyFivePercent() {
    double ttft = h200Q8(SYNTHETIC_8B, GpuEngine.INFER4J, 641, 1).ttftMs();

    assertWithin(0.25, PREFILL_8B_641_TOKENS_MS, ttft, "641-token prefill ms on the 8B-shaped file");
  }

  @Test
  void theBf16PrefillFigureIsWithinTwentyFivePercentOfTheFractionSolvedOnQ8() {
    // The prompt path multiplies both on the 16-bit tensor cores: one fraction of the BF16 peak.
    GpuPlan bf16 = h200(SYNTHETIC_8B, GpuPrecision.BF16, GpuEngine.INFER4J, 641, 1);
    GpuPlan q8 = h200Q8(SYNTHETIC_8B, GpuEngine.INFER4J, 641, 1);

    assertEquals(q8.prefill().computeBoundMs(), bf16.prefill().computeBoundMs(), 1e-9);
    assertWithin(0.25, PREFILL_8B_BF16_641_TOKENS_MS, bf16.ttftMs(),
        "641-token prefill ms on the 8B-shaped BF16 file");
  }

  @Test
  void theTunedEngineIsAtLeastAsFastAsInfer4jEverywhere() {
    List<String> slower = new ArrayList<>();
    int compared = 0;
    for (String model : ModelCatalog.names()) {
      ModelShape shape = ModelCatalog.get(model);
      for (GpuHardware hardware : GpuHardware.values()) {
        for (GpuPrecision precision : GpuPrecision.values()) {
          for (int batch : new int[] {1, 8}) {
            for (int prompt : new int[] {16, 1000}) {
              for (int output : new int[] {16, 1000}) {
                if (prompt + output > shape.maxContext()) {
                  continue;
                }
                GpuPlanRequest.Builder b = GpuPlanRequest.builder(model, hardware)
                    .precision(precision).batch(batch).promptTokens(prompt).outputTokens(output);
                GpuPlan infer4j;
                try {
                  infer4j = GpuPlanner.plan(b.engine(GpuEngine.INFER4J).build());
                } catch (InvalidRequestException | ModelDoesNotFitException e) {
                  continue; // not run by infer4j's CUDA path (precision), or not on one GPU
                }
                GpuPlan tuned = GpuPlanner.plan(b.engine(GpuEngine.TUNED).build());
                compared++;
                if (tuned.decodeTokensPerS() < infer4j.decodeTokensPerS()
                    || tuned.ttftMs() > infer4j.ttftMs()
                    || tuned.prefillTokensPerS() < infer4j.prefillTokensPerS()) {
                  slower.add(String.format(Locale.ROOT, "%s %s %s batch %d %d+%d", model,
                      hardware.id(), precision.id(), batch, prompt, output));
                }
              }
            }
          }
        }
      }
    }
    assertTrue(compared > 100, "too few plans compared: " + compared);
    assertTrue(slower.isEmpty(), "tuned slower than infer4j in " + slower);
  }

  @Test
  void planningDefaultsToTheTunedEngineAndEveryPlanSaysWhichEngineItIsFor() {
    GpuPlanRequest request = GpuPlanRequest.builder("llama-3.1-8b", GpuHardware.H200).build();
    assertEquals(GpuEngine.TUNED, request.engine());

    GpuPlan tuned = GpuPlanner.plan(request);
    assertEquals(GpuEngine.TUNED, tuned.engine());
    assertEquals("tuned", tuned.toJsonFields().get("engine"));
    assertTrue(tuned.toTable().contains("engine       tuned: a well-tuned engine"), tuned.toTable());

    GpuPlan infer4j = GpuPlanner.plan(GpuPlanRequest.builder("llama-3.1-8b", GpuHardware.H200)
        .engine(GpuEngine.INFER4J).build());
    assertEquals("infer4j", infer4j.toJsonFields().get("engine"));
    assertTrue(infer4j.toTable().contains("engine       infer4j: infer4j's CUDA path on this GPU"
        + " (efficiencies measured on NVIDIA H200, 2026-12-04)"), infer4j.toTable());
  }

  @Test
  void infer4jTakesTheSequencesOfABatchInTurn() {
    GpuPlanRequest.Builder b = GpuPlanRequest.builder("llama-3.1-8b", GpuHardware.H100)
        .engine(GpuEngine.INFER4J).promptTokens(100).outputTokens(100);
    GpuPlan one = GpuPlanner.plan(b.batch(1).build());
    GpuPlan four = GpuPlanner.plan(b.batch(4).build());

    assertEquals(4 * one.interTokenLatencyMs(), four.interTokenLatencyMs(), 1e-9);
    assertEquals(4 * one.ttftMs(), four.ttftMs(), 1e-9);
  }

  @Test
  void whatInfer4jCannotRunFailsNamingTheField() {
    GpuPlanRequest.Builder b = GpuPlanRequest.builder("llama-3.1-8b", GpuHardware.H100)
        .engine(GpuEngine.INFER4J);

    InvalidRequestException fp8 = assertThrows(InvalidRequestException.class,
        () -> GpuPlanner.plan(b.precision(GpuPrecision.FP8).build()));
    assertEquals("precision", fp8.field());
    assertTrue(fp8.getMessage().contains("no fp8 kernels")
        && fp8.getMessage().contains("bf16, fp16, q8_0, q4_0"), fp8.getMessage());

    InvalidRequestException two = assertThrows(InvalidRequestException.class,
        () -> GpuPlanner.plan(b.precision(GpuPrecision.BF16).gpus(2).build()));
    assertEquals("gpus", two.field());

    ModelDoesNotFitException big = assertThrows(ModelDoesNotFitException.class,
        () -> GpuPlanner.plan(GpuPlanRequest.builder("llama-2-70b", GpuHardware.H100)
            .engine(GpuEngine.INFER4J).build()));
    assertTrue(big.getMessage().contains("the infer4j engine runs on one GPU"), big.getMessage());
  }

  @Test
  void engineIdsAreParsedAndAnUnknownOneIsNamed() {
    assertEquals(GpuEngine.INFER4J, GpuEngine.fromId(" Infer4j "));
    assertEquals(GpuEngine.TUNED, GpuEngine.fromId("tuned"));
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> GpuEngine.fromId("vllm"));
    assertEquals("engine", e.field());
    assertTrue(e.getMessage().contains("'vllm'") && e.getMessage().contains("tuned, infer4j"),
        e.getMessage());
  }

  private static void assertWithin(double tolerance, double measured, double predicted, String what) {
    double error = (predicted - measured) / measured;
    System.out.printf(Locale.ROOT, "%s: measured %.3f, infer4j engine %.3f (%+.1f%%)%n",
        what, measured, predicted, error * 100);
    assertTrue(Math.abs(error) <= tolerance,
        what + ": measured " + measured + ", predicted " + predicted);
  }
}
