package io.infer4j.runtime.internal.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a vector's lanes in one fixed order, whatever runs it. {@code
 * reduceLanes(ADD)} leaves the order of float additions to the implementation, and HotSpot's
 * compiled code and its interpreted fallback do pick different orders, so a dot product could
 * change in its last bits once C2 compiles the loop: the same prompt could then give different
 * logits in the first and the hundredth request. Here the lanes are folded in halves by lane-wise
 * adds, each exactly rounded IEEE arithmetic: lane {@code i} gets lane {@code i + L/2}, then {@code
 * i + L/4}, ..., and lane 0 holds the result. The rotations are constant shuffles, which C2
 * compiles to one permute each ({@code slice} measured 2.5x slower in the batched dot). Stateless.
 */
public final class LaneSums {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  /** {@code ROTATE[k]} moves lane {@code i + L / 2^(k+1)} (mod L) to lane {@code i}. */
  private static final VectorShuffle<Float>[] ROTATE = rotations(F);

  /**
   * {@link #sum256}'s rotations of an 8-lane vector by 4, 2 and 1 lanes, as constants: kernels
   * past the JIT's inlining budget apply them themselves ({@code acc.add(acc.rearrange(
   * ROTATE_8_BY_4))}, then by 2, then by 1, then {@code lane(0)}; the same tree, the same float),
   * since there a call of {@link #sum256} stays out of line and boxes its argument: Q6_K's int8
   * row products took 33.8-58.1 ns a super-block so against 21.9-33.9 written out
   * ({@code KQuantRowSpeed Q6_K 262144 4}, six runs each, AVX-512 host, 2026-12-05).
   */
  public static final VectorShuffle<Float> ROTATE_8_BY_4 = rotation8(4);

  /** See {@link #ROTATE_8_BY_4}. */
  public static final VectorShuffle<Float> ROTATE_8_BY_2 = rotation8(2);

  /** See {@link #ROTATE_8_BY_4}. */
  public static final VectorShuffle<Float> ROTATE_8_BY_1 = rotation8(1);

  /**
   * {@link #sum}'s rotations as constants where the preferred species has 16 lanes (by 8, 4, 2
   * and 1) or 8 (by 4, 2 and 1; {@code ROTATE_BY_8} is then null), for kernels that write the tree
   * out past the JIT's inlining budget ({@link F16Rows#dotInLanes}): there a call of {@link #sum}
   * stays out of line, and measured running its vector operations in the Java fallback in some
   * JVMs (15-20% of the F16 file's decode samples, 2026-12-05). Null where the lanes are neither.
   */
  static final VectorShuffle<Float> ROTATE_BY_8 = F.length() == 16 ? rotation(F, 8) : null;

  /** See {@link #ROTATE_BY_8}. */
  static final VectorShuffle<Float> ROTATE_BY_4 = preferredRotation(4);

  /** See {@link #ROTATE_BY_8}. */
  static final VectorShuffle<Float> ROTATE_BY_2 = preferredRotation(2);

  /** See {@link #ROTATE_BY_8}. */
  static final VectorShuffle<Float> ROTATE_BY_1 = preferredRotation(1);

  /** {@link #ROTATE} for 512-bit vectors (16 lanes), whatever the preferred shape. */
  private static final VectorShuffle<Float>[] ROTATE_512 = rotations(FloatVector.SPECIES_512);

  private LaneSums() {}

  private static VectorShuffle<Float> rotation8(int by) {
    return rotation(FloatVector.SPECIES_256, by);
  }

  private static VectorShuffle<Float> preferredRotation(int by) {
    return F.length() == 8 || F.length() == 16 ? rotation(F, by) : null;
  }

  /** Moves lane {@code i + by} (mod the lane count) to lane {@code i}. */
  private static VectorShuffle<Float> rotation(VectorSpecies<Float> species, int by) {
    return VectorShuffle.fromOp(species, i -> (i + by) % species.length());
  }

  @SuppressWarnings("unchecked")
  private static VectorShuffle<Float>[] rotations(VectorSpecies<Float> species) {
    int lanes = species.length();
    VectorShuffle<Float>[] shuffles =
        new VectorShuffle[Integer.numberOfTrailingZeros(Integer.highestOneBit(lanes))];
    int k = 0;
    for (int half = lanes / 2; half >= 1; half /= 2) {
      int by = half;
      shuffles[k++] = VectorShuffle.fromOp(species, i -> (i + by) % lanes);
    }
    return shuffles;
  }

  /**
   * The lanes of {@code v} (of the preferred species) summed as a halving tree (see the class
   * comment).
   */
  static float sum(FloatVector v) {
    FloatVector x = v;
    for (VectorShuffle<Float> rotate : ROTATE) {
      x = x.add(x.rearrange(rotate));
    }
    return x.lane(0);
  }

  /**
   * The lanes of the 256-bit {@code v} summed as the same halving tree. Deliberately its own copy
   * of {@link #sum}'s body, not a shared helper taking the shuffles: where the preferred species
   * is 512 bits (AVX-512), a shared helper sees vectors of two classes, C2 compiles its calls as
   * type-profiled virtual calls, and the vectors of every kernel that inlines it are boxed:
   * batched prompts then ran about 10x slower (measured on an AMD EPYC with AVX-512, 2026-12-05).
   */
  public static float sum256(FloatVector v) {
    FloatVector x = v.add(v.rearrange(ROTATE_8_BY_4));
    x = x.add(x.rearrange(ROTATE_8_BY_2));
    return x.add(x.rearrange(ROTATE_8_BY_1)).lane(0);
  }

  /**
   * The lanes of the 512-bit {@code v} summed as the same halving tree; its own copy of the body
   * for the reason {@link #sum256} gives.
   */
  static float sum512(FloatVector v) {
    FloatVector x = v;
    for (VectorShuffle<Float> rotate : ROTATE_512) {
      x = x.add(x.rearrange(rotate));
    }
    return x.lane(0);
  }

  /** The same tree over plain floats; the reference {@link #sum} is tested against. */
  static float sum(float[] lanes) {
    float[] x = lanes.clone();
    for (int half = x.length / 2; half >= 1; half /= 2) {
      for (int i = 0; i < half; i++) {
        x[i] += x[i + half];
      }
    }
    return x[0];
  }
}
