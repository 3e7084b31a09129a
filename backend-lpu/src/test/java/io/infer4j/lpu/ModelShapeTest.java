package io.infer4j.lpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelShapeTest {

  /** Asserts a derived count is within 0.5% of the count the model's authors publish. */
  private static void assertAbout(double expected, long actual, String what) {
    assertEquals(expected, actual, expected * 0.005, what);
  }

  @Test
  void parameterCountsDerivedFromTheShapeMatchThePublishedSizes() {
    assertAbout(6.738e9, ModelCatalog.get("llama-2-7b").parameterCount(), "llama-2-7b");
    assertAbout(13.016e9, ModelCatalog.get("llama-2-13b").parameterCount(), "llama-2-13b");
    assertAbout(68.977e9, ModelCatalog.get("llama-2-70b").parameterCount(), "llama-2-70b");
    assertAbout(8.030e9, ModelCatalog.get("llama-3.1-8b").parameterCount(), "llama-3.1-8b");
    assertAbout(70.554e9, ModelCatalog.get("llama-3.1-70b").parameterCount(), "llama-3.1-70b");
    assertAbout(46.703e9, ModelCatalog.get("mixtral-8x7b").parameterCount(), "mixtral-8x7b");
  }

  @Test
  void theSharedTestModelHasItsExact260kParameters() {
    ModelShape s = ModelCatalog.get("stories260K");
    // embedding 512x64 (tied) + 5 x (attention 12,288 + FFN 33,024 + norms 128) + final norm 64
    assertEquals(260_032, s.parameterCount());
    assertTrue(s.tiedEmbeddings());
    assertEquals(8, s.headDim());
  }

  @Test
  void aMixtureOfExpertsTouchesOnlyItsActiveExpertsPerToken() {
    ModelShape mixtral = ModelCatalog.get("mixtral-8x7b");
    assertTrue(mixtral.isMixtureOfExperts());
    assertAbout(12.879e9, mixtral.activeParameterCount(), "mixtral active");
    ModelShape dense = ModelCatalog.get("llama-2-7b");
    assertFalse(dense.isMixtureOfExperts());
    assertEquals(dense.parameterCount(), dense.activeParameterCount());
  }

  @Test
  void groupedQueryAttentionShrinksTheKvCachePerToken() {
    assertEquals(2L * 8 * 128, ModelCatalog.get("llama-2-70b").kvValuesPerTokenPerLayer());
    assertEquals(2L * 32 * 128, ModelCatalog.get("llama-2-7b").kvValuesPerTokenPerLayer());
  }

  @Test
  void invalidShapesAreRejectedNamingTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelShape.dense("x", 0, 64, 8, 4, 172, 512, true, 512));
    assertTrue(e.getMessage().contains("layers"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ModelShape.dense("x", 2, 64, 8, 3, 172, 512, true, 512));
    assertTrue(e.getMessage().contains("kvHeads"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ModelShape("x", 2, 64, 8, 4, 172, 512, 2, 3, false, 512));
    assertTrue(e.getMessage().contains("activeExperts"), e.getMessage());
  }
}
