package io.infer4j.lpu.internal;

/**
 * Cycles on the critical path of a piece of the static schedule, attributed to what bounds them.
 * Within a step the matrix unit, the vector unit and the chip-to-chip links work concurrently on
 * streams ([TSP22] extends the stream model across chips), so only the busiest of them counts;
 * the fixed latencies of dependent steps and of hops always add. The fields sum to the cycles.
 * Immutable.
 *
 * @param matmul weight matrices: weight installation or multiply-accumulates, when the matrix unit
 *     bounds the step
 * @param attention keys and values read from the KV cache and the attention products, when the
 *     matrix unit bounds the step
 * @param vector elementwise work (norms, rotary, softmax, SwiGLU), when the vector unit bounds it
 * @param linkTransfer serialising activations onto C2C links, when the links bound the step
 * @param chain fixed latency of the dependent on-chip steps
 * @param hops fixed latency of the C2C hops of collectives and hand-offs
 */
public record Cost(
    long matmul, long attention, long vector, long linkTransfer, long chain, long hops) {

  public static final Cost ZERO = new Cost(0, 0, 0, 0, 0, 0);

  public Cost {
    if (matmul < 0 || attention < 0 || vector < 0 || linkTransfer < 0 || chain < 0 || hops < 0) {
      throw new IllegalArgumentException("negative cycles");
    }
  }

  /**
   * A step whose units overlap: the busiest of the matrix path ({@code matmul + attention}), the
   * vector unit and the links counts, plus the fixed latencies.
   */
  public static Cost overlapped(
      long matmul, long attention, long vector, long linkTransfer, long chain, long hops) {
    long matrix = matmul + attention;
    if (matrix >= vector && matrix >= linkTransfer) {
      return new Cost(matmul, attention, 0, 0, chain, hops);
    }
    if (linkTransfer >= vector) {
      return new Cost(0, 0, 0, linkTransfer, chain, hops);
    }
    return new Cost(0, 0, vector, 0, chain, hops);
  }

  /** Cycles on the critical path. */
  public long total() {
    return matmul + attention + vector + linkTransfer + chain + hops;
  }

  public Cost plus(Cost o) {
    return new Cost(matmul + o.matmul, attention + o.attention, vector + o.vector,
        linkTransfer + o.linkTransfer, chain + o.chain, hops + o.hops);
  }
}
