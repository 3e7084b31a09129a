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

  private static double attentionBytes(List<StepOp> ops) {
    return ops.stream()
        .filter(op -> op instanceof Kernel k && k.name().equals("attention"))
        .mapToDouble(op -> ((Kernel) op).bytes())
        .sum();
  }
}
