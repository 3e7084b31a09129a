package io.infer4j.runtime.internal.ggml;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;

/**
 * The rotations of an 8-lane float vector that sum its lanes in {@code kernels.LaneSums.sum256}'s
 * fixed tree (lane {@code i} plus lane {@code i + 4}, then {@code + 2}, then {@code + 1}), as
 * constants {@link Q6KInt8Rows} applies itself at the end of a row: {@code
 * acc.add(acc.rearrange(BY_4))}, then {@code BY_2}, then {@code BY_1}, then {@code lane(0)}.
 * Written out there rather than called: {@code sum256} takes the vector as an argument, and in a
 * kernel past the JIT's inlining budget that call stays out of line, boxes the vector and runs the
 * rotations from an array, not as constants; Q6_K's per-token product took 33.8-58.1 ns a
 * super-block so against 21.9-33.9 written out (six runs each, {@code KQuantRowSpeed Q6_K 262144
 * 4}, AVX-512 host, 2026-12-05). {@link K4Int8Rows} keeps calling {@code sum256}: written out
 * there, Q4_K rows measured slower (16.8-20.8 ns against 15.3-20.3, four runs each), Q5_K about
 * the same. The same exact operations in the same order, so the same float whether compiled or
 * interpreted.
 */
final class Rotations8 {
  static final VectorShuffle<Float> BY_4 = rotation(4);
  static final VectorShuffle<Float> BY_2 = rotation(2);
  static final VectorShuffle<Float> BY_1 = rotation(1);

  private Rotations8() {}

  private static VectorShuffle<Float> rotation(int by) {
    return VectorShuffle.fromOp(FloatVector.SPECIES_256, i -> (i + by) % 8);
  }
}
