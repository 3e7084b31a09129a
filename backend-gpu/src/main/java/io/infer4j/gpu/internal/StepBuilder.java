package io.infer4j.gpu.internal;

import io.infer4j.gpu.GpuPrecision;
import io.infer4j.runtime.shape.ModelShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Lists the kernels and collectives one GPU runs for a decode step or a prefill, in model order:
 * embedding; per layer attention RMSNorm, fused QKV projection, RoPE, attention over the KV cache,
 * output projection, all-reduce, residual add, FFN RMSNorm, (router,) fused gate/up projection,
 * SwiGLU, down projection, all-reduce, residual add; then final norm, LM head, logits all-gather and
 * sampling for the last token of each sequence.
 *
 * <p>Traffic counts weights once per step (all rows of a step share one read), activations and KV
 * cache at the engine's width (16 bits for a tuned engine). Stateless and thread-safe.
 */
public final class StepBuilder {

  private static final int LOGIT_BYTES = 4; // logits are FP32 for sampling

  private final Shard shard;
  private final GpuPrecision precision;
  private final int act; // bytes per activation and per KV-cache element

  /** Activations and KV cache at {@link TimingConstants#ACTIVATION_BYTES} (16-bit). */
  public StepBuilder(Shard shard, GpuPrecision precision) {
    this(shard, precision, TimingConstants.ACTIVATION_BYTES);
  }

  /** @param activationBytes bytes per activation and KV-cache element (2 for 16-bit, 4 for F32) */
  public StepBuilder(Shard shard, GpuPrecision precision, int activationBytes) {
    this.shard = Objects.requireNonNull(shard, "shard");
    this.precision = Objects.requireNonNull(precision, "precision");
    if (activationBytes < 1) {
      throw new IllegalArgumentException("activationBytes must be positive: " + activationBytes);
    }
    this.act = activationBytes;
  }

  /**
   * One decode step: {@code batch} sequences each add one token, attending to {@code context}
   * cached tokens (the new one included; fractional for an average over a generation).
   */
  public List<StepOp> decode(int batch, double context) {
    double kvRead = batch * context * 2.0 * shard.kvWidth() * act;
    double attentionFlops = 4.0 * shard.queryWidth() * context * batch;
    return step(batch, batch, kvRead, attentionFlops);
  }

  /** A prefill of {@code batch} prompts of {@code promptTokens} tokens each, causal attention. */
  public List<StepOp> prefill(int batch, int promptTokens) {
    double rows = (double) batch * promptTokens;
    // Q.K^T and P.V over a causal mask: sum over positions i of i keys, 2 products of 2 flops.
    double attentionFlops = 2.0 * shard.queryWidth() * promptTokens * (promptTokens + 1.0) * batch;
    double kvRead = rows * 2.0 * shard.kvWidth() * act; // flash attention streams K and V once
    return step(rows, batch, kvRead, attentionFlops);
  }

  private List<StepOp> step(double rows, int sequences, double kvRead, double attentionFlops) {
    ModelShape m = shard.shape();
    int gpus = shard.gpus();
    long dim = m.dim();
    long q = shard.queryWidth();
    long kv = shard.kvWidth();
    long ffn = shard.ffnWidth();
    int k = m.activeExperts();
    double touched = expertsTouched(m.experts(), k, rows);

    List<StepOp> ops = new ArrayList<>();
    ops.add(elementwise("embedding", rows * dim * (precision.bytesPerWeight() + act)));
    for (int layer = 0; layer < m.layers(); layer++) {
      ops.add(elementwise("attn_norm", (2 * rows * dim + dim) * act));
      ops.add(matmul("qkv", dim * (q + 2 * kv), rows * (dim + q + 2 * kv), 2 * rows * dim * (q + 2 * kv)));
      ops.add(elementwise("rope", 2 * rows * (q + kv) * act));
      double attentionBytes = kvRead + rows * (2 * q + 2 * kv) * act; // + Q in, O out, new K/V
      ops.add(new Kernel("attention", attentionBytes, attentionFlops, MathKind.ATTENTION));
      ops.add(matmul("o_proj", q * dim, rows * (q + dim), 2 * rows * q * dim));
      if (gpus > 1) {
        ops.add(new Collective("attn_all_reduce", Collective.Kind.ALL_REDUCE, rows * dim * act, gpus));
      }
      ops.add(elementwise("residual_add", 3 * rows * dim * act));
      ops.add(elementwise("ffn_norm", (2 * rows * dim + dim) * act));
      if (m.experts() > 1) {
        long routerWeights = dim * m.experts();
        ops.add(matmul("router", routerWeights, rows * (dim + m.experts()), 2 * rows * routerWeights));
      }
      double gateUpWeights = touched * 2 * dim * ffn;
      ops.add(matmul("gate_up", gateUpWeights, rows * (dim + 2.0 * k * ffn), 2 * rows * k * 2 * dim * ffn));
      ops.add(elementwise("swiglu", 3 * rows * k * ffn * act));
      double downWeights = touched * ffn * dim;
      ops.add(matmul("down", downWeights, rows * (k * ffn + dim), 2 * rows * k * ffn * dim));
      if (gpus > 1) {
        ops.add(new Collective("ffn_all_reduce", Collective.Kind.ALL_REDUCE, rows * dim * act, gpus));
      }
      ops.add(elementwise("residual_add", 3 * rows * dim * act));
    }
    // Logits only for the last position of each sequence.
    long vocabRows = shard.vocabRows();
    ops.add(elementwise("final_norm", (2.0 * sequences * dim + dim) * act));
    ops.add(matmul("lm_head", vocabRows * dim, sequences * (dim + vocabRows), 2.0 * sequences * vocabRows * dim));
    if (gpus > 1) {
      ops.add(new Collective("logits_all_gather", Collective.Kind.ALL_GATHER,
          (double) sequences * m.vocab() * LOGIT_BYTES, gpus));
    }
    ops.add(elementwise("sample", (double) sequences * m.vocab() * LOGIT_BYTES));
    return ops;
  }

  /**
   * Expected distinct experts that {@code rows} tokens touch when each picks {@code k} of {@code
   * experts} uniformly: {@code E (1 - (1 - k/E)^rows)}. 1 for dense models.
   */
  static double expertsTouched(int experts, int k, double rows) {
    if (experts == 1) {
      return 1;
    }
    return experts * (1 - Math.pow(1 - (double) k / experts, rows));
  }

  private Kernel matmul(String name, double weights, double activationElements, double flops) {
    double weightBytes = weights * precision.bytesPerWeight();
    return new Kernel(name, weightBytes + activationElements * act, flops, MathKind.WEIGHT_MATMUL);
  }

  private static Kernel elementwise(String name, double bytes) {
    return new Kernel(name, bytes, 0, MathKind.ELEMENTWISE);
  }
}
