package io.infer4j.runtime.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.ModelConfig;
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
    assertAbout(70.554e9, ModelCatalog.get("llama-3.3-70b").parameterCount(), "llama-3.3-70b");
    assertAbout(46.703e9, ModelCatalog.get("mixtral-8x7b").parameterCount(), "mixtral-8x7b");
    assertAbout(1.100e9, ModelCatalog.get("tinyllama-1.1b").parameterCount(), "tinyllama-1.1b");
  }

  @Test
  void theSharedTestModelHasItsExact260kParametersAndTiedEmbeddings() {
    ModelShape s = ModelCatalog.get("stories260K");
    // embedding 512x64 (tied) + 5 x (attention 12,288 + FFN 33,024 + norms 128) + final norm 64
    assertEquals(260_032, s.parameterCount());
    assertTrue(s.tiedEmbeddings());
    assertEquals(s.tokenEmbeddingParameters() + s.dim(), s.nonLayerParameters());
    assertEquals(8, s.headDim());
  }

  @Test
  void untiedModelsCountTheOutputProjectionBesideTheEmbedding() {
    ModelShape s = ModelCatalog.get("llama-2-7b");
    assertEquals(32000L * 4096, s.tokenEmbeddingParameters());
    assertEquals(32000L * 4096, s.outputParameters());
    assertEquals(2L * 32000 * 4096 + 4096, s.nonLayerParameters());
  }

  @Test
  void aMixtureOfExpertsTouchesOnlyItsActiveExpertsPerToken() {
    ModelShape mixtral = ModelCatalog.get("mixtral-8x7b");
    assertTrue(mixtral.isMixtureOfExperts());
    assertEquals(4096L * 8, mixtral.routerParameters());
    // Mistral's 12.9B "active" counts the embedding table, which decode reads one row of.
    assertAbout(12.879e9, mixtral.activeParameterCount(), "mixtral active");
    ModelShape dense = ModelCatalog.get("llama-2-7b");
    assertFalse(dense.isMixtureOfExperts());
    assertEquals(0, dense.routerParameters());
    assertEquals(dense.parameterCount(), dense.activeParameterCount());
  }

  @Test
  void groupedQueryAttentionShrinksTheKvCachePerToken() {
    assertEquals(2L * 8 * 128, ModelCatalog.get("llama-2-70b").kvValuesPerTokenPerLayer());
    assertEquals(2L * 32 * 128, ModelCatalog.get("llama-2-7b").kvValuesPerTokenPerLayer());
    // Llama-3.1-70B: 80 layers x 8 KV heads x 128 x (K and V) = 163,840 values per token.
    assertEquals(163_840, ModelCatalog.get("llama-3.1-70b").kvValuesPerToken());
  }

  @Test
  void aLoadedModelsConfigGivesTheSameShapeAsTheCatalog() {
    ModelConfig config = new ModelConfig(64, 172, 5, 8, 4, 512, 512, 10000f, 1e-5f);
    assertEquals(ModelCatalog.get("stories260K"), ModelShape.of("stories260K", config, true));
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
        () -> ModelShape.dense("x", 2, 100, 3, 1, 10, 10, false, 10));
    assertTrue(e.getMessage().contains("dim"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ModelShape("x", 2, 64, 8, 4, 172, 512, 2, 3, false, 512));
    assertTrue(e.getMessage().contains("activeExperts"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ModelShape.dense(" ", 2, 64, 8, 4, 172, 512, true, 512));
    assertTrue(e.getMessage().contains("name"), e.getMessage());
  }
}
