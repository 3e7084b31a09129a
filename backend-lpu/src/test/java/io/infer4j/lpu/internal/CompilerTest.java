package io.infer4j.lpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.lpu.LpuPrecision;
import io.infer4j.runtime.shape.ModelCatalog;
import io.infer4j.runtime.shape.ModelShape;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompilerTest {

  private final Compiler compiler = Compiler.groq();
  private final Placer placer = new Placer(ChipSpec.GROQ_TSP);

  @Test
  void everyCandidatePlacementKeepsEachChipWithinItsUsableSram() {
    for (String name : ModelCatalog.names()) {
      LayerBytes bytes = new LayerBytes(ModelCatalog.get(name), LpuPrecision.INT8, 1024, 1);
      int needed = compiler.minimumChips(bytes);
      List<Placement> candidates = placer.candidates(bytes, needed + 40);
      assertTrue(!candidates.isEmpty(), name);
      for (Placement p : candidates) {
        assertTrue(p.fullestChipBytes() <= ChipSpec.GROQ_TSP.usableSramBytes(), name + " " + p);
        assertTrue(p.chipsUsed() <= p.chips(), name);
        assertEquals(bytes.shape().layers(),
            p.stages().stream().mapToInt(Stage::layerCount).sum(), name);
      }
    }
  }

  @Test
  void theMinimumChipCountHasAPlacementAndOneFewerHasNone() {
    for (String name : ModelCatalog.names()) {
      LayerBytes bytes = new LayerBytes(ModelCatalog.get(name), LpuPrecision.FP16, 2048, 2);
      int needed = compiler.minimumChips(bytes);
      assertTrue(!placer.candidates(bytes, needed).isEmpty(), name);
      assertTrue(placer.candidates(bytes, needed - 1).isEmpty(), name);
      assertTrue(needed >= placer.lowerBound(bytes), name);
    }
  }

  @Test
  void aSmallModelIsPipelinedOntoOneChipWithItsHead() {
    Schedule s = compiler.compile(ModelCatalog.get("stories260K"), LpuPrecision.INT8, 0, 512, 1, 256);
    assertEquals(1, s.placement().chips());
    assertEquals(1, s.placement().stages().size());
    assertTrue(s.placement().headShared());
    assertEquals(0, s.decodeStep(256).hops());
  }

  @Test
  void theStaticScheduleReservesTheWorstCaseRoutingOfExperts() {
    ModelShape mixtral = ModelCatalog.get("mixtral-8x7b");
    LayerBytes bytes = new LayerBytes(mixtral, LpuPrecision.INT8, 1024, 1);
    long expert = mixtral.expertParameters();
    // four experts per chip on a 2-chip group: both routed experts may land on one chip
    assertEquals(4, bytes.expertsPerChip(2));
    assertTrue(bytes.perChipStreamedWeights(2) >= 2 * expert);
    // one expert per chip on an 8-chip group: at most one routed expert per chip
    assertEquals(1, bytes.expertsPerChip(8));
    assertTrue(bytes.perChipStreamedWeights(8) < 2 * expert);
  }

  @Test
  void anExplicitHeadDimensionSizesTheLayerWeightsAndKvCache() {
    // gpt-oss-120b: 64 query heads and 8 KV heads of 64 over a width of 2880 (2880 / 64 = 45)
    ModelShape oss = ModelCatalog.get("gpt-oss-120b");
    LayerBytes bytes = new LayerBytes(oss, LpuPrecision.INT8, 1000, 2);
    assertEquals(2L * 8 * 64 * 1000 * 2 * MachineConstants.ACTIVATION_BYTES, bytes.layerKv());
    long attention = 2L * 2880 * 4096 + 2L * 2880 * 512;
    long experts = 128L * 3 * 2880 * 2880;
    assertEquals(attention + experts + 2880L * 128 + 2 * 2880, bytes.layerWeights());
    // Qwen3-32B: the query projection is 5120 x 8192, not 5120 x 5120
    ModelShape qwen = ModelCatalog.get("qwen3-32b");
    LayerBytes q = new LayerBytes(qwen, LpuPrecision.INT8, 1000, 1);
    assertEquals(2L * 8 * 128 * 1000 * MachineConstants.ACTIVATION_BYTES, q.layerKv());
    assertEquals(2L * 5120 * 8192 + 2L * 5120 * 1024 + 3L * 5120 * 25600 + 2 * 5120,
        q.layerWeights());
  }

  @Test
  void compilingTwiceGivesTheSameCycles() {
    ModelShape shape = ModelCatalog.get("llama-3.1-70b");
    Schedule a = compiler.compile(shape, LpuPrecision.FP8, 1000, 4096, 4, 3000);
    Schedule b = Compiler.groq().compile(shape, LpuPrecision.FP8, 1000, 4096, 4, 3000);
    assertEquals(a.placement(), b.placement());
    assertEquals(a.decodeStep(3000), b.decodeStep(3000));
    assertEquals(a.prefillCycles(2048), b.prefillCycles(2048));
  }
}
