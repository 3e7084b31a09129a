package io.infer4j.lpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.shape.ModelCatalog;
import org.junit.jupiter.api.Test;

class LpuProgramTest {

  private final LpuPlanner planner = new LpuPlanner();

  @Test
  void prefillGrowsWithThePromptAndDecodeWithTheContext() {
    LpuProgram p = planner.compile(ModelCatalog.get("llama-2-7b"), LpuPrecision.INT8, 0);
    assertTrue(p.prefill(512).compareTo(p.prefill(16)) > 0, "prefill");
    assertTrue(p.decodeStep(4000).compareTo(p.decodeStep(10)) > 0, "decode");
    assertEquals(p.prefill(100), planner.compile(ModelCatalog.get("llama-2-7b"), LpuPrecision.INT8, 0)
        .prefill(100), "deterministic");
  }

  @Test
  void theFewestChipsThatFitAreThoseOfThePlan() {
    LpuProgram p = planner.compile(ModelCatalog.get("llama-2-7b"), LpuPrecision.INT8, 0);
    LpuPlan plan = planner.plan("llama-2-7b", LpuPlanRequest.defaults()
        .withPromptTokens(2048).withOutputTokens(2048));
    assertEquals(plan.chips(), p.chips());
  }

  @Test
  void tooFewChipsNameTheChipsNeeded() {
    InsufficientChipsException e = assertThrows(InsufficientChipsException.class,
        () -> planner.compile(ModelCatalog.get("llama-2-7b"), LpuPrecision.INT8, 2));
    assertTrue(e.chipsNeeded() > 2);
  }

  @Test
  void contextsOutsideTheWindowAreRefused() {
    LpuProgram p = planner.compile(ModelCatalog.get("stories260K"), LpuPrecision.FP16, 0);
    assertThrows(IllegalArgumentException.class, () -> p.prefill(0));
    assertThrows(IllegalArgumentException.class, () -> p.decodeStep(513));
  }
}
