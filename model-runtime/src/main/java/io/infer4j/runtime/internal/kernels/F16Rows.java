package io.infer4j.runtime.internal.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of IEEE half-precision rows read in place with float32 activations, in two forms
 * that give the same floats: {@link #dotInLanes} widens each group of {@code L} halves in lanes
 * by bit arithmetic and multiplies it at once (the form for 512-bit hosts); {@link #dotWidened}
 * widens {@link #CHUNK} halves at a time into a small scratch array by a plain loop of {@link
 * Float#float16ToFloat}, which HotSpot's C2 compiles to the hardware's half-to-float instruction
 * (x86 F16C {@code vcvtph2ps}), then multiply-adds it (the form for AVX2 hosts, where it measured
 * 5.4-5.8 GB/s single-threaded against 2.9-3.4 GB/s for an earlier lane-parallel form, on this
 * project's AVX2 VM, 2026-12-05). {@link #widen} dequantizes a whole row (for batches that reuse
 * it). Widening is exact for every half. Needs a float species of 8 or 16 lanes ({@link
 * RowSpecies#SUPPORTED}). Differs from the reference by float rounding of the sum only.
 * Stateless.
 */
public final class F16Rows {
  /**
   * Halves widened per pass: a multiple of {@code 2 L}, small enough to stay in L1 (4 KiB of
   * floats). Four alternating pairs of fresh JVMs on the TinyLlama-shaped F16 file (2026-12-05,
   * decode, 2 threads) gave 3.51-4.67 tokens/s with 1024 against 3.01-3.84 with 256 (each pair
   * 1.17-1.30x): fewer passes, each with its own loop entry and exit.
   */
  static final int CHUNK = 1024;

  private static final VectorSpecies<Float> F = RowSpecies.F;
  private static final int L = RowSpecies.L;

  private static final VectorSpecies<Short> S = RowSpecies.SHORTS;
  private static final VectorSpecies<Integer> I = RowSpecies.INTS;

  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

  /*
   * A half h, sign-extended to an int and shifted left by 13, has the half's sign in bit 31 and its
   * exponent and mantissa in bits 13-27 (SIGN_AND_MAGNITUDE keeps those): the bits of the float
   * h * 2^-112, exactly, for zeros, subnormals and normals (a half subnormal becomes a float
   * subnormal, a normal a normal). Multiplying by 2^112 is exact and gives h. Only exponent 31
   * (infinities, NaNs) comes out finite (at most 2^16 * (2 - 2^-10)); those lanes get the float
   * exponent's bits set, which keeps the mantissa: infinity stays infinity and a NaN keeps its
   * payload, as Float.float16ToFloat does (F16RowsTest, all 65536 halves).
   */
  static final int SIGN_AND_MAGNITUDE = 0x8FFF_E000;
  static final float HALF_SCALE = 0x1p112f;
  static final int HALF_EXPONENT = 0x1F << 23;
  static final int FLOAT_EXPONENT = 0xFF << 23;

  private F16Rows() {}

  /** Widens {@code count} halves at byte {@code offset} into {@code dst[from, from + count)}. */
  static void toFloats(MemorySegment w, long offset, float[] dst, int from, int count) {
    for (int i = 0; i < count; i++) {
      dst[from + i] = Float.float16ToFloat(w.get(RowSpecies.HALF, offset + 2L * i));
    }
  }

  /**
   * {@code row . x} for the row of {@code n} halves starting at byte {@code offset}, in the form
   * measured faster for the host's vector shape: {@link #dotInLanes} where 512-bit vectors are
   * native, {@link #dotWidened} elsewhere. {@code scratch} holds at least {@link #CHUNK} floats
   * (overwritten). Both give the same float bit for bit.
   */
  static float dot(MemorySegment w, long offset, float[] x, int n, float[] scratch) {
    return RowSpecies.WIDE ? dotInLanes(w, offset, x, n) : dotWidened(w, offset, x, n, scratch);
  }

  /**
   * {@code row . x}, each group of {@code L} halves widened in lanes by bit arithmetic (see {@link
   * #HALF_SCALE}) and multiplied at once: no scratch array between the read and the multiply, so
   * the row's memory reads and the arithmetic overlap. On an AVX-512 host (2026-12-05) this
   * decoded the F16 file 1.46-1.98x faster than {@link #dotWidened} (five pairs), a median 1.11x
   * faster again once it took one group a pass, and ran equal in 256-bit lanes;
   * the lane arithmetic costs about twice {@code vcvtph2ps}'s instructions, which an AVX2 host
   * measured slower in an earlier form (benchmarks/README.md, "F16 rows widened in lanes"). Lanes
   * of even groups of {@code L} are summed in one chain, odd groups in another, the last {@code n
   * % L} elements are added after the lane sum. The widening is written out, not called: a helper
   * returning a vector that C2 leaves out of line boxes it (model-runtime/README.md, the rules for
   * kernel code).
   */
  static float dotInLanes(MemorySegment w, long offset, float[] x, int n) {
    // Group g joins the chain of groups g - 2, g - 4, ...: the two chains swap names each step,
    // which gives dotWidened's accumulators (even groups, odd groups) with one widening written
    // out. Their sum at the end is the same either way round (IEEE addition commutes).
    FloatVector acc0 = FloatVector.zero(F);
    FloatVector acc1 = FloatVector.zero(F);
    int i = 0;
    for (int bound = n - L; i <= bound; i += L) {
      IntVector s = ((IntVector) ShortVector.fromMemorySegment(S, w, offset + 2L * i, LE)
          .convertShape(VectorOperators.S2I, I, 0))
          .lanewise(VectorOperators.LSHL, 13).and(SIGN_AND_MAGNITUDE);
      IntVector h = s.reinterpretAsFloats().mul(HALF_SCALE).reinterpretAsInts()
          .lanewise(VectorOperators.OR, FLOAT_EXPONENT,
              s.and(HALF_EXPONENT).compare(VectorOperators.EQ, HALF_EXPONENT));
      FloatVector next = h.reinterpretAsFloats().fma(FloatVector.fromArray(F, x, i), acc1);
      acc1 = acc0;
      acc0 = next;
    }
    // LaneSums.sum's tree, written out (see LaneSums.ROTATE_BY_8)
    FloatVector lanes = acc0.add(acc1);
    if (RowSpecies.WIDE) {
      lanes = lanes.add(lanes.rearrange(LaneSums.ROTATE_BY_8));
    }
    lanes = lanes.add(lanes.rearrange(LaneSums.ROTATE_BY_4));
    lanes = lanes.add(lanes.rearrange(LaneSums.ROTATE_BY_2));
    float sum = lanes.add(lanes.rearrange(LaneSums.ROTATE_BY_1)).lane(0);
    for (; i < n; i++) {
      sum += Float.float16ToFloat(w.get(RowSpecies.HALF, offset + 2L * i)) * x[i];
    }
    return sum;
  }

  /**
   * The 32 lane sums of {@code row . x} over the first {@code n} halves ({@code n % 32 == 0}) of
   * the row at byte {@code offset}, where 512-bit vectors are native ({@link RowSpecies#WIDE}),
   * into {@code sums[0, 32)}: lane {@code l} is the chain of fused multiply-adds, in element order,
   * of the elements {@code i} with {@code i % 32 == l}. These are llama.cpp's four 8-lane
   * accumulators of {@code ggml_vec_dot_f16} side by side, which {@code GGML} mode reduces in
   * ggml's order: {@link #dotInLanes}'s two chains before its lane sum (its widening written out
   * again, by the same rule), the even groups of 16 at {@code sums[0, 16)}, the odd ones after.
   *
   * @throws IllegalArgumentException if 512-bit vectors are not native or {@code n % 32 != 0}
   */
  public static void laneSums(MemorySegment w, long offset, float[] x, int n, float[] sums) {
    if (!RowSpecies.WIDE || n % 32 != 0) {
      throw new IllegalArgumentException("laneSums needs native 512-bit vectors and n % 32 == 0, got "
          + F.vectorBitSize() + "-bit vectors and n = " + n);
    }
    FloatVector acc0 = FloatVector.zero(F);
    FloatVector acc1 = FloatVector.zero(F);
    for (int i = 0; i < n; i += L) {
      IntVector s = ((IntVector) ShortVector.fromMemorySegment(S, w, offset + 2L * i, LE)
          .convertShape(VectorOperators.S2I, I, 0))
          .lanewise(VectorOperators.LSHL, 13).and(SIGN_AND_MAGNITUDE);
      IntVector h = s.reinterpretAsFloats().mul(HALF_SCALE).reinterpretAsInts()
          .lanewise(VectorOperators.OR, FLOAT_EXPONENT,
              s.and(HALF_EXPONENT).compare(VectorOperators.EQ, HALF_EXPONENT));
      FloatVector next = h.reinterpretAsFloats().fma(FloatVector.fromArray(F, x, i), acc1);
      acc1 = acc0;
      acc0 = next;
    }
    // an even number of groups: the last one, odd, heads acc0; the even groups' chain is acc1
    acc1.intoArray(sums, 0);
    acc0.intoArray(sums, L);
  }

  /**
   * {@link #laneSums}' sums, bit for bit, for a row of a matrix known to hold only finite halves
   * ({@link FiniteHalves}) and {@code scaled} from {@link #scaledForFinite}: each half widened to
   * {@code h * 2^-112} by the shift and the mask alone meets {@code x * 2^112}, so each fused
   * product is the same exact product, as in {@link #dotFinite}.
   *
   * @throws IllegalArgumentException if 512-bit vectors are not native or {@code n % 32 != 0}
   */
  public static void laneSumsFinite(MemorySegment w, long offset, float[] scaled, int n,
      float[] sums) {
    if (!RowSpecies.WIDE || n % 32 != 0) {
      throw new IllegalArgumentException("laneSumsFinite needs native 512-bit vectors and n % 32 "
          + "== 0, got " + F.vectorBitSize() + "-bit vectors and n = " + n);
    }
    FloatVector acc0 = FloatVector.zero(F);
    FloatVector acc1 = FloatVector.zero(F);
    for (int i = 0; i < n; i += L) {
      IntVector s = ((IntVector) ShortVector.fromMemorySegment(S, w, offset + 2L * i, LE)
          .convertShape(VectorOperators.S2I, I, 0))
          .lanewise(VectorOperators.LSHL, 13).and(SIGN_AND_MAGNITUDE);
      FloatVector next = s.reinterpretAsFloats().fma(FloatVector.fromArray(F, scaled, i), acc1);
      acc1 = acc0;
      acc0 = next;
    }
    acc1.intoArray(sums, 0);
    acc0.intoArray(sums, L);
  }

  /**
   * {@code x[0, n)} times {@code 2^112} ({@link #HALF_SCALE}), for {@link #dotFinite}; null if some
   * {@code |x[i]|} is not below {@code 2^16} (or is NaN), whose product would overflow the float
   * range ({@code 2^16 * 2^112 = 2^128}). Below that the products are exact (a power of two, no
   * overflow; subnormals become normals exactly).
   */
  public static float[] scaledForFinite(float[] x, int n) {
    float[] scaled = new float[n];
    for (int i = 0; i < n; i++) {
      if (!(Math.abs(x[i]) < 0x1p16f)) {
        return null;
      }
      scaled[i] = x[i] * HALF_SCALE;
    }
    return scaled;
  }

  /**
   * {@link #dotInLanes}'s float, bit for bit, for a row with no infinity or NaN ({@link
   * FiniteHalves}) and {@code scaled} from {@link #scaledForFinite}: each half widened to {@code h
   * * 2^-112} (the shift and the mask alone) meets {@code x * 2^112}, so each fused product is
   * the same exact product {@code h * x} and rounds the same. Widening a group of halves takes
   * three instructions here (widen to int, shift, mask) against {@link #dotInLanes}' seven (those,
   * the multiply by {@code 2^112}, and the mask, compare and OR that keep exponent 31): in a
   * scratch harness on the AVX-512 host (2026-12-06, rows of 2048 halves, one thread) 44-50 GB/s
   * of halves from L2 against 17 GB/s, 30-32 GB/s from DRAM against 13-13.5. The last {@code n %
   * L} elements are added after the lane sum with the unscaled {@code x}, as there. Its own loop,
   * not {@link #dotInLanes}' with a branch: one method for both, the branch folded by each
   * caller's argument, decoded 0.84-0.92x as fast (best of four runs, four alternating pairs,
   * 2026-12-06).
   */
  static float dotFinite(MemorySegment w, long offset, float[] x, float[] scaled, int n) {
    FloatVector acc0 = FloatVector.zero(F);
    FloatVector acc1 = FloatVector.zero(F);
    int i = 0;
    for (int bound = n - L; i <= bound; i += L) {
      IntVector s = ((IntVector) ShortVector.fromMemorySegment(S, w, offset + 2L * i, LE)
          .convertShape(VectorOperators.S2I, I, 0))
          .lanewise(VectorOperators.LSHL, 13).and(SIGN_AND_MAGNITUDE);
      FloatVector next = s.reinterpretAsFloats().fma(FloatVector.fromArray(F, scaled, i), acc1);
      acc1 = acc0;
      acc0 = next;
    }
    // LaneSums.sum's tree, written out (see LaneSums.ROTATE_BY_8)
    FloatVector lanes = acc0.add(acc1);
    if (RowSpecies.WIDE) {
      lanes = lanes.add(lanes.rearrange(LaneSums.ROTATE_BY_8));
    }
    lanes = lanes.add(lanes.rearrange(LaneSums.ROTATE_BY_4));
    lanes = lanes.add(lanes.rearrange(LaneSums.ROTATE_BY_2));
    float sum = lanes.add(lanes.rearrange(LaneSums.ROTATE_BY_1)).lane(0);
    for (; i < n; i++) {
      sum += Float.float16ToFloat(w.get(RowSpecies.HALF, offset + 2L * i)) * x[i];
    }
    return sum;
  }

  /**
   * {@code row . x}, the row widened {@link #CHUNK} halves at a time into {@code scratch} by
   * {@link #toFloats} ({@code vcvtph2ps}), then multiply-added; same lanes and order as {@link
   * #dotInLanes}.
   */
  static float dotWidened(MemorySegment w, long offset, float[] x, int n, float[] scratch) {
    FloatVector acc0 = FloatVector.zero(F);
    FloatVector acc1 = FloatVector.zero(F);
    int c = 0;
    int i = 0;
    int count = 0;
    for (; c < n; c += CHUNK) {
      count = Math.min(CHUNK, n - c);
      toFloats(w, offset + 2L * c, scratch, 0, count);
      i = 0;
      for (int bound = count - 2 * L; i <= bound; i += 2 * L) {
        acc0 = FloatVector.fromArray(F, scratch, i).fma(FloatVector.fromArray(F, x, c + i), acc0);
        acc1 = FloatVector.fromArray(F, scratch, i + L)
            .fma(FloatVector.fromArray(F, x, c + i + L), acc1);
      }
      for (int bound = count - L; i <= bound; i += L) {
        acc0 = FloatVector.fromArray(F, scratch, i).fma(FloatVector.fromArray(F, x, c + i), acc0);
      }
    }
    float sum = LaneSums.sum(acc0.add(acc1));
    // the last n % L halves, still in scratch from the last chunk (every other chunk is whole)
    int last = c - CHUNK;
    for (; i < count; i++) {
      sum += scratch[i] * x[last + i];
    }
    return sum;
  }

  /** Widens the row of {@code n} halves at byte {@code offset} into {@code dst[0, n)}. */
  static void widen(MemorySegment w, long offset, float[] dst, int n) {
    toFloats(w, offset, dst, 0, n);
  }
}
