package io.infer4j.lpu.internal;

import io.infer4j.lpu.LpuPrecision;
import io.infer4j.runtime.shape.ModelShape;

/**
 * The static schedule of a placed model: the cycles of every step of a decode step and of a
 * prefill, computed from the chip, the topology and the placement only, so the same inputs give
 * the same cycles, always.
 *
 * <p>One decoder layer on a group of {@code t} chips runs, in order: attention norm, Q/K/V
 * projections, rotary, scores, softmax, context, output projection, all-reduce, residual, FFN
 * norm, gate/up projections, SwiGLU, down projection, all-reduce, residual (a mixture-of-experts
 * layer adds the router and top-k, and replaces the FFN all-reduce by dispatch to and combine from
 * the experts' chips), and the last layer of a stage hands the activations to the next stage.
 *
 * <p>Per layer, the matrix path (weights installed into the MXM, or multiply-accumulates, plus the
 * KV cache for attention), the vector unit and the C2C links work concurrently on streams, so the
 * busiest of them counts ({@link Cost#overlapped}); the fixed latency of every dependent step and
 * of every hop adds. Thread-safe (immutable).
 */
public final class Schedule {

  /** Dependent matrix steps per dense layer: QKV, scores, context, output, gate/up, down. */
  static final int MATRIX_STEPS = 6;
  /** Dependent vector steps per dense layer: 2 norms, rotary, softmax, 2 residuals, SwiGLU. */
  static final int VECTOR_STEPS = 7;
  /** Vector ALU operations per element: RMS norm (square, sum, scale, multiply). */
  static final int NORM_OPS = 4;
  /** Rotary embedding: two multiplies and an add per output, plus the table lookups. */
  static final int ROPE_OPS = 6;
  /** Softmax per score: subtract max, exp, sum, scale, compare. */
  static final int SOFTMAX_OPS = 5;
  /** SwiGLU per hidden unit: sigmoid (exp, add, reciprocal), two multiplies, requantise. */
  static final int SWIGLU_OPS = 8;

  private final ChipSpec chip;
  private final Topology topology;
  private final LayerBytes bytes;
  private final Placement placement;
  private final ModelShape shape;
  private final LpuPrecision precision;

  public Schedule(ChipSpec chip, Topology topology, LayerBytes bytes, Placement placement) {
    this.chip = chip;
    this.topology = topology;
    this.bytes = bytes;
    this.placement = placement;
    this.shape = bytes.shape();
    this.precision = bytes.precision();
  }

  public Placement placement() {
    return placement;
  }

  /** One decode step: every sequence of the batch produces one token at context {@code context}. */
  public Cost decodeStep(int context) {
    Cost total = Cost.ZERO;
    for (Stage stage : placement.stages()) {
      total = total.plus(stage(stage, bytes.batch(), context));
    }
    return total.plus(head(bytes.batch()));
  }

  /**
   * Cycles of the prefill of {@code promptTokens} tokens for every sequence, up to the first
   * token. The prompt flows through the stages in chunks, so stages work on different chunks at
   * once: first chunk through every stage, then one bottleneck-stage time per further chunk. The
   * compiler tries chunk sizes 1, 2, 4, ... and the whole prompt, and keeps the fastest. Each chunk
   * is charged attention over the whole prompt (conservative).
   */
  public long prefillCycles(int promptTokens) {
    long best = Long.MAX_VALUE;
    for (int chunk = 1; ; chunk = Math.min(chunk * 2, promptTokens)) {
      best = Math.min(best, prefillCycles(promptTokens, chunk));
      if (chunk == promptTokens) {
        break;
      }
    }
    return best;
  }

  private long prefillCycles(int promptTokens, int chunk) {
    long rows = (long) bytes.batch() * chunk;
    long sum = 0;
    long slowest = 0;
    for (Stage stage : placement.stages()) {
      long cycles = stage(stage, rows, promptTokens).total();
      sum += cycles;
      slowest = Math.max(slowest, cycles);
    }
    long chunks = (promptTokens + chunk - 1) / chunk;
    // Only the last position's logits are needed for the first token.
    return sum + (chunks - 1) * slowest + head(bytes.batch()).total();
  }

  /** A stage: its layers; the last one also hands the activations to the next chips. */
  Cost stage(Stage stage, long rows, int context) {
    boolean lastStage = stage.firstLayer() + stage.layerCount() == shape.layers();
    boolean handoff = !lastStage || !placement.headShared();
    Cost total = Cost.ZERO;
    Cost inner = layer(stage.chips(), rows, context, false);
    for (int i = 0; i < stage.layerCount() - 1; i++) {
      total = total.plus(inner);
    }
    return total.plus(layer(stage.chips(), rows, context, handoff));
  }

  /**
   * One decoder layer on a group of {@code t} chips for {@code rows} activation rows.
   *
   * @param handoff whether the layer ends its stage and sends the activations to other chips
   */
  Cost layer(int t, long rows, int context, boolean handoff) {
    long streamed = bytes.perChipStreamedWeights(t);
    long install = ceil(streamed, chip.weightInstallBytesPerCycle());
    long macs = rows * (streamed / precision.bytesPerWeight());
    long matmul = Math.max(install, ceil(macs, chip.macsPerCycle(precision)));

    long kvBytes = shape.kvValuesPerTokenPerLayer() * context * (long) bytes.batch()
        * MachineConstants.ACTIVATION_BYTES / t;
    long attentionMacs = rows * context * (long) shape.heads() * shape.headDim() * 2 / t;
    long attention = Math.max(
        ceil(kvBytes, chip.weightInstallBytesPerCycle()),
        ceil(attentionMacs, chip.fp16MacsPerCycle()));

    long opsPerRow = 2L * NORM_OPS * shape.dim()
        + (long) ROPE_OPS * (shape.heads() + shape.kvHeads()) * shape.headDim()
        + (long) SOFTMAX_OPS * shape.heads() * context
        + (long) SWIGLU_OPS * shape.ffnHidden() * shape.activeExperts()
        + 2L * shape.dim()
        + (shape.isMixtureOfExperts() ? (long) NORM_OPS * shape.experts() : 0);
    long vector = ceil(rows * opsPerRow / t, chip.vectorOpsPerCycle());

    int moeSteps = shape.isMixtureOfExperts() ? 1 : 0;
    long chain = (MATRIX_STEPS + moeSteps) * chip.matrixStepLatency()
        + (VECTOR_STEPS + moeSteps) * chip.vectorStepLatency();

    long act = activationBytes(rows);
    long hops = 0;
    long link = 0;
    if (t > 1) {
      // all-reduce after attention: reduce-scatter then all-gather
      hops += 2 * topology.collectiveHops(t);
      link += 2 * topology.shareCycles(t, act);
      // all-reduce after the FFN, or dispatch to and combine from the experts' chips
      hops += 2 * topology.collectiveHops(t);
      link += 2 * topology.shareCycles(t, act * shape.activeExperts());
      int split = bytes.expertSplit(t);
      if (shape.isMixtureOfExperts() && split > 1) {
        hops += 2 * topology.collectiveHops(split);
        link += 2 * topology.shareCycles(split, act);
      }
    }
    if (handoff) {
      hops += topology.hopCycles();
      link += topology.shareCycles(t, act);
    }
    return Cost.overlapped(matmul, attention, vector, link, chain, hops);
  }

  /** The output head: final norm, output projection, top-k, and the token back to the start. */
  Cost head(long rows) {
    int chips = Math.max(1, placement.headChips());
    long streamed = ceil(shape.outputParameters() * precision.bytesPerWeight(), chips);
    long install = ceil(streamed, chip.weightInstallBytesPerCycle());
    long macs = rows * ceil(shape.outputParameters(), chips);
    long matmul = Math.max(install, ceil(macs, chip.macsPerCycle(precision)));
    long vector = ceil(rows * ((long) NORM_OPS * shape.dim() + 3L * shape.vocab() / chips),
        chip.vectorOpsPerCycle());
    long chain = chip.matrixStepLatency() + 2 * chip.vectorStepLatency();
    // gather each chip's best candidates (value and index, 8 bytes per row), then send the
    // sampled token back to the first stage
    long hops = topology.collectiveHops(chips);
    long link = topology.shareCycles(chips, rows * 8L * chips);
    if (placement.chipsUsed() > 1) {
      hops += topology.hopCycles();
    }
    return Cost.overlapped(matmul, 0, vector, link, chain, hops);
  }

  private long activationBytes(long rows) {
    return rows * shape.dim() * (long) MachineConstants.ACTIVATION_BYTES;
  }

  private static long ceil(long a, long b) {
    return (a + b - 1) / b;
  }
}
