package io.infer4j.lpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.lpu.Precision;
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
      LayerBytes bytes = new LayerBytes(ModelCatalog.get(name), Precision.INT8, 1024, 1);
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
      LayerBytes bytes = new LayerBytes(ModelCatalog.get(name), Precision.FP16, 2048, 2);
      int needed = compiler.minimumChips(bytes);
      assertTrue(!placer.candidates(bytes, needed).isEmpty(), name);
      assertTrue(placer.candidates(bytes, needed - 1).isEmpty(), name);
      assertTrue(needed >= placer.lowerBound(bytes), name);
    }
  }

  @Test
  void aSmallModelIsPipelinedOntoOneChipWithItsHead() {
    Schedule s = compiler.compile(ModelCatalog.get("stories260K"), Precision.INT8, 0, 512, 1, 256);
    assertEquals(1, s.placement().chips());
    assertEquals(1, s.placement().stages().size());
    assertTrue(s.placement().headShared());
    assertEquals(0, s.decodeStep(256).hops());
  }

  @Test
  void theStaticScheduleReservesTheWorstCaseRoutingOfExperts() {
    ModelShape mixtral = ModelCatalog.get("mixtral-8x7b");
    LayerBytes bytes = new LayerBytes(mixtral, Precision.INT8, 1024, 1);
    long expert = mixtral.expertParameters();
    // four experts per chip on a 2-chip group: both routed experts may land on one chip
    assertEquals(4, bytes.expertsPerChip(2));
    assertTrue(bytes.perChipStreamedWeights(2) >= 2 * expert);
    // one expert per chip on an 8-chip group: at most one routed expert per chip
    assertEquals(1, bytes.expertsPerChip(8));
    assertTrue(bytes.perChipStreamedWeights(8) < 2 * expert);
  }

  @Test
  void compilingTwiceGivesTheSameCycles() {
    ModelShape shape = ModelCatalog.get("llama-3.1-70b");
    Schedule a = compiler.compile(shape, Precision.FP8, 1000, 4096, 4, 3000);
    Schedule b = Compiler.groq().compile(shape, Precision.FP8, 1000, 4096, 4, 3000);
    assertEquals(a.placement(), b.placement());
    assertEquals(a.decodeStep(3000), b.decodeStep(3000));
    assertEquals(a.prefillCycles(2048), b.prefillCycles(2048));
  }
}
