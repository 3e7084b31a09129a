package io.infer4j.gpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ModelShapeTest {

  @Test
  void parameterCountsMatchThePublishedModelSizes() {
    // Published sizes: 6.74B, 13.0B, 69.0B, 8.03B, 70.6B, 46.7B (12.9B active), 1.10B.
    assertEquals(6.74e9, ModelCatalog.lookup("llama-2-7b").totalParams(), 0.01e9);
    assertEquals(13.02e9, ModelCatalog.lookup("llama-2-13b").totalParams(), 0.02e9);
    assertEquals(68.98e9, ModelCatalog.lookup("llama-2-70b").totalParams(), 0.02e9);
    assertEquals(8.03e9, ModelCatalog.lookup("llama-3.1-8b").totalParams(), 0.01e9);
    assertEquals(70.55e9, ModelCatalog.lookup("llama-3.3-70b").totalParams(), 0.02e9);
    assertEquals(46.70e9, ModelCatalog.lookup("mixtral-8x7b").totalParams(), 0.05e9);
    // Mistral's 12.9B "active" also counts the embedding table, which decode reads one row of.
    ModelShape mixtral = ModelCatalog.lookup("mixtral-8x7b");
    assertEquals(12.9e9, mixtral.activeParamsPerToken() + mixtral.embeddingParams(), 0.05e9);
    assertEquals(1.10e9, ModelCatalog.lookup("tinyllama-1.1b").totalParams(), 0.01e9);
  }

  @Test
  void stories260KHasItsPublishedShapeAndTiedEmbeddings() {
    ModelShape s = ModelCatalog.lookup("STORIES260K");
    assertEquals(64, s.dim());
    assertEquals(172, s.ffnHidden());
    assertEquals(5, s.layers());
    assertEquals(8, s.heads());
    assertEquals(4, s.kvHeads());
    assertEquals(512, s.vocab());
    assertEquals(512, s.maxContext());
    assertEquals(0, s.lmHeadParams());
    assertEquals(260_000, s.totalParams(), 10_000);
  }

  @Test
  void kvCachePerTokenFollowsGroupedQueryAttention() {
    // Llama-3.1-70B: 80 layers x 8 KV heads x 128 x (K and V) = 163,840 elements per token.
    assertEquals(163_840, ModelCatalog.lookup("llama-3.1-70b").kvElementsPerToken());
  }

  @Test
  void inconsistentShapesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> ModelShape.dense("x", 2, 100, 3, 1, 10, 10, 10));
    assertThrows(IllegalArgumentException.class, () -> ModelShape.dense("x", 2, 96, 6, 4, 10, 10, 10));
    assertThrows(IllegalArgumentException.class, () -> ModelShape.dense("x", 0, 96, 6, 2, 10, 10, 10));
  }
}
