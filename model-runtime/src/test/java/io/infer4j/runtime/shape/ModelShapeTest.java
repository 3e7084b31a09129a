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

  /** Asserts a derived count is within {@code tolerance} (a fraction) of the published count. */
  private static void assertWithin(double tolerance, double published, long actual, String what) {
    assertEquals(published, actual, published * tolerance, what + ": " + actual);
  }

  @Test
  void llama31405bHasItsPublished405bParameters() {
    ModelShape s = ModelCatalog.get("llama-3.1-405b");
    assertWithin(0.03, 405e9, s.parameterCount(), "llama-3.1-405b");
    assertEquals(128, s.headDim());
    // 126 layers x 8 KV heads x 128 x (K and V)
    assertEquals(126L * 2 * 8 * 128, s.kvValuesPerToken());
  }

  @Test
  void qwen25ModelsHaveTheirPublishedSizes() {
    assertWithin(0.03, 7.61e9, ModelCatalog.get("qwen2.5-7b").parameterCount(), "qwen2.5-7b");
    assertWithin(0.03, 72.7e9, ModelCatalog.get("qwen2.5-72b").parameterCount(), "qwen2.5-72b");
    assertEquals(128, ModelCatalog.get("qwen2.5-7b").headDim());
  }

  @Test
  void qwen332bCountsItsWideAttentionFromTheExplicitHeadDim() {
    ModelShape s = ModelCatalog.get("qwen3-32b");
    assertWithin(0.03, 32.8e9, s.parameterCount(), "qwen3-32b");
    assertEquals(128, s.headDim());
    assertEquals(64L * 128, s.queryWidth()); // 8192, wider than the 5120 model width
    assertEquals(8L * 128, s.kvWidth());
    // wq and wo are 5120 x 8192, not 5120 x 5120
    assertEquals(2L * 5120 * 8192 + 2L * 5120 * 1024, s.attentionParameters());
    assertEquals(2L * 8 * 128, s.kvValuesPerTokenPerLayer());
    // dim / heads would have said 80 and undercounted the model by about 2B weights
    ModelShape implicit = ModelShape.dense("qwen3-32b", 64, 5120, 64, 8, 25600, 151936, false, 40960);
    assertTrue(s.parameterCount() - implicit.parameterCount() > 1.9e9);
  }

  @Test
  void qwen3MixturesOfExpertsHaveTheirPublishedTotalAndActiveSizes() {
    // Qwen's "activated" counts include the embedding table, as activeParameterCount does.
    ModelShape small = ModelCatalog.get("qwen3-30b-a3b");
    assertTrue(small.isMixtureOfExperts());
    assertWithin(0.03, 30.5e9, small.parameterCount(), "qwen3-30b-a3b");
    assertWithin(0.05, 3.3e9, small.activeParameterCount(), "qwen3-30b-a3b active");
    ModelShape large = ModelCatalog.get("qwen3-235b-a22b");
    assertWithin(0.03, 235e9, large.parameterCount(), "qwen3-235b-a22b");
    assertWithin(0.05, 22e9, large.activeParameterCount(), "qwen3-235b-a22b active");
    assertEquals(3L * 4096 * 1536, large.expertParameters());
  }

  @Test
  void gptOssHasItsPublishedTotalAndActiveSizesWithHeadsWiderThanTheModel() {
    // OpenAI's model card (arXiv 2508.10925): 20.9B total / 3.61B active, 116.8B / 5.13B. Its
    // active counts leave out the token-embedding table (a row lookup) but keep the unembedding.
    ModelShape small = ModelCatalog.get("gpt-oss-20b");
    assertWithin(0.03, 20.9e9, small.parameterCount(), "gpt-oss-20b");
    assertWithin(0.05, 3.61e9,
        small.activeParameterCount() - small.tokenEmbeddingParameters(), "gpt-oss-20b active");
    ModelShape large = ModelCatalog.get("gpt-oss-120b");
    assertWithin(0.03, 116.8e9, large.parameterCount(), "gpt-oss-120b");
    assertWithin(0.05, 5.13e9,
        large.activeParameterCount() - large.tokenEmbeddingParameters(), "gpt-oss-120b active");
    // 2880 is not a multiple of 64 heads: only the explicit head dimension describes the model
    assertEquals(64, large.headDim());
    assertEquals(4096, large.queryWidth());
    assertEquals(2L * 2880 * 4096 + 2L * 2880 * 512, large.attentionParameters());
    assertEquals(36L * 2 * 8 * 64, large.kvValuesPerToken());
  }

  @Test
  void theLlamaConventionFactoriesDeriveTheHeadDimension() {
    ModelShape derived = new ModelShape("x", 2, 64, 8, 4, 172, 512, 2, 1, false, 512);
    assertEquals(new ModelShape("x", 2, 64, 8, 4, 8, 172, 512, 2, 1, false, 512), derived);
    assertEquals(derived.heads() * (long) derived.headDim(), derived.dim());
    assertEquals(ModelShape.dense("y", 2, 64, 8, 4, 8, 172, 512, true, 512),
        ModelShape.dense("y", 2, 64, 8, 4, 172, 512, true, 512));
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
  void aLoadedModelWithWiderHeadsKeepsItsHeadSize() {
    // Qwen3-0.6B (model card, config.json): 28 layers, width 1024, 16 heads of 128, 8 KV heads
    ModelConfig config = new ModelConfig(1024, 3072, 28, 16, 8, 151936, 40960, 1e6f, 1e-6f,
        io.infer4j.runtime.RopeScaling.NONE, 128);
    ModelShape shape = ModelShape.of("qwen3-0.6b", config, true);
    assertEquals(2048, shape.queryWidth());
    assertEquals(1024, shape.kvWidth());
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
        () -> ModelShape.dense("x", 2, 64, 8, 4, 0, 172, 512, true, 512));
    assertTrue(e.getMessage().contains("headDim"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ModelShape.dense(" ", 2, 64, 8, 4, 172, 512, true, 512));
    assertTrue(e.getMessage().contains("name"), e.getMessage());
  }
}
