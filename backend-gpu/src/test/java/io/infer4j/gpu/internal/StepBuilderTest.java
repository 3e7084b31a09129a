package io.infer4j.gpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.gpu.GpuPrecision;
import io.infer4j.runtime.shape.ModelCatalog;
import io.infer4j.runtime.shape.ModelShape;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepBuilderTest {

  private static final ModelShape LLAMA_7B = ModelCatalog.get("llama-2-7b");

  @Test
  void aDenseLayerIsElevenKernelsAndTwoAllReducesUnderTensorParallelism() {
    List<StepOp> single = new StepBuilder(new Shard(LLAMA_7B, 1), GpuPrecision.BF16).decode(1, 100);
    List<StepOp> split = new StepBuilder(new Shard(LLAMA_7B, 4), GpuPrecision.BF16).decode(1, 100);
    long kernels = single.stream().filter(op -> op instanceof Kernel).count();
    assertEquals(1 + 32 * 11 + 3, kernels); // embedding, layers, final norm + LM head + sample
    long collectives = split.stream().filter(op -> op instanceof Collective).count();
    assertEquals(32 * 2 + 1, collectives); // two all-reduces per layer + the logits all-gather
  }

  @Test
  void decodeReadsEveryWeightOnceAtBatchOne() {
    List<StepOp> ops = new StepBuilder(new Shard(LLAMA_7B, 1), GpuPrecision.BF16).decode(1, 1);
    double bytes = ops.stream().filter(op -> op instanceof Kernel).mapToDouble(op -> ((Kernel) op).bytes()).sum();
    double weightsRead = (LLAMA_7B.parameterCount() - LLAMA_7B.tokenEmbeddingParameters()) * 2.0;
    assertEquals(weightsRead, bytes, weightsRead * 0.01);
  }

  @Test
  void kvCacheTrafficGrowsLinearlyWithContext() {
    StepBuilder builder = new StepBuilder(new Shard(LLAMA_7B, 1), GpuPrecision.BF16);
    double at1k = attentionBytes(builder.decode(1, 1000));
    double at2k = attentionBytes(builder.decode(1, 2000));
    // per token of context: 32 layers x 2 (K, V) x 4096 x 2 bytes = 512 KiB
    assertEquals(1000 * 32 * 2 * 4096 * 2.0, at2k - at1k, 1.0);
  }

  @Test
  void aBatchOfTokensTouchesMoreExpertsThanOne() {
    assertEquals(2.0, StepBuilder.expertsTouched(8, 2, 1), 1e-12);
    assertTrue(StepBuilder.expertsTouched(8, 2, 16) > 7.9);
    assertEquals(1.0, StepBuilder.expertsTouched(1, 1, 1000), 1e-12);
  }

  @Test
  void anExplicitHeadDimensionSizesProjectionsKvCacheAndAttention() {
    // gpt-oss-120b: 64 query heads and 8 KV heads of 64 over a width of 2880 (2880 / 64 = 45).
    ModelShape oss = ModelCatalog.get("gpt-oss-120b");
    Shard shard = new Shard(oss, 8);
    assertEquals(8L * 64, shard.queryWidth()); // 8 query heads of 64 per GPU
    assertEquals(64, shard.kvWidth()); // one KV head of 64 per GPU
    StepBuilder builder = new StepBuilder(new Shard(oss, 1), GpuPrecision.BF16);
    double at1k = attentionBytes(builder.decode(1, 1000));
    double at2k = attentionBytes(builder.decode(1, 2000));
    // per token of context: 36 layers x 2 (K, V) x 8 x 64 x 2 bytes
    assertEquals(1000 * 36 * 2 * 8 * 64 * 2.0, at2k - at1k, 1.0);
    // Q.K and P.V over 4096 query columns: 4 flops per column per cached token per layer
    assertEquals(36 * 4.0 * 4096 * 1000, attentionFlops(builder.decode(1, 1000)), 1.0);
    // the QKV projection reads 2880 x (4096 + 2 x 512) weights per layer
    double qkv = builder.decode(1, 1).stream()
        .filter(op -> op instanceof Kernel k && k.name().equals("qkv"))
        .mapToDouble(op -> ((Kernel) op).flops()).sum();
    assertEquals(36 * 2.0 * 2880 * (4096 + 1024), qkv, 1.0);
    // KV cache: 36 layers x 2 x 512 values x 2 bytes per token
    MemoryFootprint memory = MemoryFootprint.of(new Shard(oss, 1), GpuPrecision.BF16, 1, 2000);
    assertEquals(2000L * 36 * 2 * 512 * 2, memory.kvCache());

    // Qwen3-32B: 8 KV heads of 128 (5120 / 64 would say 80)
    MemoryFootprint qwen =
        MemoryFootprint.of(new Shard(ModelCatalog.get("qwen3-32b"), 1), GpuPrecision.BF16, 1, 1000);
    assertEquals(1000L * 64 * 2 * 8 * 128 * 2, qwen.kvCache());
    // the weights on one GPU are the whole model's
    assertEquals(ModelCatalog.get("qwen3-32b").parameterCount() * 2, qwen.weights(),
        ModelCatalog.get("qwen3-32b").parameterCount() * 2 * 0.001);
  }

  private static double attentionFlops(List<StepOp> ops) {
    return ops.stream()
        .filter(op -> op instanceof Kernel k && k.name().equals("attention"))
        .mapToDouble(op -> ((Kernel) op).flops())
        .sum();
  }

  private static double attentionBytes(List<StepOp> ops) {
    return ops.stream()
        .filter(op -> op instanceof Kernel k && k.name().equals("attention"))
        .mapToDouble(op -> ((Kernel) op).bytes())
        .sum();
  }
}
