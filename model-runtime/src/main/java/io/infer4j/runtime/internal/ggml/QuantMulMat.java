package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.internal.kernels.Q4LaneQuadDots;
import io.infer4j.runtime.internal.kernels.Q8LaneDots;
import io.infer4j.runtime.internal.kernels.Q8LaneQuadDots;
import io.infer4j.runtime.internal.kernels.Q8LaneQuadTiles;
import io.infer4j.runtime.internal.kernels.RowPool;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import io.infer4j.runtime.internal.tensor.TensorView;

/**
 * {@code W (m,k) @ x[t] (k,) -> out[t] (m,)} for a block-quantized {@code W}, as llama.cpp b4916
 * computes it on x86 AVX2 (ggml-cpu.c {@code ggml_compute_forward_mul_mat}): the activations are
 * quantized to the type's {@code vec_dot_type}, then each output is the type's dot product.
 *
 * <ul>
 *   <li>Q8_0, Q5_0: Q8_0 activations, {@link Dots#q8} ({@code ggml_vec_dot_q8_0_q8_0} / {@code
 *       _q5_0_q8_0} for one token, tinyBLAS_Q0_AVX for two or more: the same arithmetic);
 *   <li>Q4_0: Q8_0 activations; with {@code m % 8 == 0} and {@code k % 8 == 0} the weights live in
 *       b4916's CPU_AARCH64 repacked buffer and {@link LegacyDots#q4_0x8} applies (its gemv and
 *       gemm); otherwise as Q5_0;
 *   <li>Q4_1, Q5_1: Q8_1 activations ({@link Q8_1Quantizer}), {@link LegacyDots#q8_1} (no tinyBLAS
 *       case for them);
 *   <li>Q4_K, Q5_K, Q6_K: Q8_K activations ({@link Q8KQuantizer}), {@link KDots} (no tinyBLAS).
 * </ul>
 *
 * Where 256-bit vectors are native the products run as {@link VectorDots} (the same bits), Q8_0
 * rows read in place; rows spread as {@link MulMat} does. Q8_0, Q4_1, Q5_0, Q5_1, Q4_0 (repacked
 * shapes) and K-quant matrices that {@link Int8Matmul#prepare} regrouped a row per vector lane
 * (512-bit vectors) run through {@link Q8LaneQuadDots} (Q8_0, Q5_0, Q5_1), {@link
 * Q4LaneQuadDots} (Q4_1), {@code Q8LaneDots}' Q4_0 lanes, {@link Q4KLaneQuadDots} and {@link
 * KLaneQuadDots} instead (for prompts {@link Q8LaneQuadTiles}, {@code Q4LaneTiles} and {@link
 * KLaneQuadTiles}), again the same bits, over {@link RowPool}'s threads. Stateless.
 */
final class QuantMulMat {
  /** Off ({@code -Dinfer4j.ggml.q4_0Repack=false}) to compare with the unrepacked Q4_0 path. */
  static final boolean Q4_0_REPACK =
      Boolean.parseBoolean(System.getProperty("infer4j.ggml.q4_0Repack", "true"));

  private QuantMulMat() {}

  /** Whether {@code w} takes this path. */
  static boolean handles(TensorView w) {
    return w instanceof SegmentTensor && QuantRow.supports(w.type());
  }

  static void mul(float[][] out, TensorView w, float[][] x, int n) {
    RowPool.RowTask task = laneTask(out, w, x, n);
    if (task != null) {
      RowPool.forRows(w.rows(), LaneGroupedTensor.ROWS, task);
      return;
    }
    fileRows(out, source(w), x, n);
  }

  /** {@code w} as the file holds it: itself, or the source of its lanes. */
  private static SegmentTensor source(TensorView w) {
    return w instanceof LaneGroupedTensor lanes ? lanes.source() : (SegmentTensor) w;
  }

  /**
   * The rows of {@code w} regrouped in lanes as a {@link RowPool} task, its chunks starting at
   * multiples of {@link LaneGroupedTensor#ROWS}, with the activations quantized here; null if
   * {@code w} is not in lanes (or in lanes this path does not read: Q4_0 of a shape b4916 does not
   * repack).
   */
  static RowPool.RowTask laneTask(float[][] out, TensorView w, float[][] x, int n) {
    if (!(w instanceof LaneGroupedTensor lanes)) {
      return null;
    }
    GgmlType type = lanes.type();
    if (type == GgmlType.Q8_0 || type == GgmlType.Q5_0 || type == GgmlType.Q5_1
        || type == GgmlType.Q4_1) {
      return quadLanes(out, lanes, x, n);
    }
    if (type == GgmlType.Q4_0 && q4_0Repacked(lanes.rows(), lanes.cols())) {
      return Q8LaneDots.task(lanes, out, x, n);
    }
    if (type == GgmlType.Q4_K || type == GgmlType.Q5_K || type == GgmlType.Q6_K) {
      return kLanes(out, lanes, x, n);
    }
    return null;
  }

  /**
   * Whether a Q4_0 matrix of {@code rows x cols} is one b4916 repacks (CPU_AARCH64 buffer, {@code
   * rows % 8 == 0} and {@code cols % 8 == 0}) and multiplies with {@link LegacyDots#q4_0x8}'s one
   * accumulator per output: then its regrouped rows run in {@code Q8LaneDots}' Q4_0 lanes, whose
   * floats are that order's ({@code acc = isum * (dw dy) + acc} a block, fused), else as Q5_0's.
   */
  static boolean q4_0Repacked(int rows, int cols) {
    return Q4_0_REPACK && rows % 8 == 0 && cols % 8 == 0;
  }

  /**
   * The 32-element block types whose ggml order keeps 8 lane sums a row, regrouped by {@link
   * Int8Matmul#prepare}: Q8_0, and Q5_0 and Q5_1 as the Q8_0 codes they are, through {@link
   * Q8LaneQuadDots}; Q4_1 (nibbles packed) through {@link Q4LaneQuadDots}; from {@link
   * Q8LaneQuadTiles#MIN_TOKENS} tokens on all through {@link Q8LaneQuadTiles}, each tile of
   * weights widened once for all of them. The bits of {@link Dots#q8} ({@code vec_dot_q5_0_q8_0}
   * adds as {@code _q8_0_q8_0} does), and for Q4_1 and Q5_1, whose activations are quantized to
   * Q8_1, of {@link LegacyDots#q8_1} ({@code vec_dot_q4_1_q8_1} / {@code _q5_1_q8_1}: the same 8
   * lanes, then the offsets' {@code summs}; b4916 runs them for prompts too, having no tiled
   * product for them).
   */
  private static RowPool.RowTask quadLanes(float[][] out, LaneGroupedTensor w, float[][] x,
      int n) {
    int k = w.cols();
    GgmlType type = w.type();
    boolean tiles = n >= Q8LaneQuadTiles.MIN_TOKENS;
    boolean offsets = type == GgmlType.Q5_1 || type == GgmlType.Q4_1;
    short[][] ys = tiles ? null : new short[n][k];
    float[][] yf = tiles ? new float[n][k] : null;
    float[][] ds = new float[n][k / Q8Quantizer.BLOCK];
    float[][] sy = offsets ? new float[n][k / Q8Quantizer.BLOCK] : null;
    byte[] qs = new byte[k];
    for (int t = 0; t < n; t++) {
      if (offsets) {
        Q8_1Quantizer.quantize(x[t], k, qs, ds[t], sy[t]);
      } else {
        Q8Quantizer.quantize(x[t], k, qs, ds[t]);
      }
      for (int i = 0; i < k; i++) {
        if (tiles) {
          yf[t][i] = qs[i];
        } else {
          ys[t][i] = qs[i];
        }
      }
    }
    int rows = w.rows();
    int grain = LaneGroupedTensor.ROWS;
    return (from, to) -> {
      int first = from / grain;
      int end = LaneGroupedTensor.groups(to);
      if (tiles) {
        Q8LaneQuadTiles.groups(type, w.groups(), rows, k, yf, ds, sy, n, first, end, out);
      } else if (type == GgmlType.Q4_1) {
        Q4LaneQuadDots.groups(w.groups(), rows, k, ys, ds, sy, n, first, end, out);
      } else {
        Q8LaneQuadDots.groups(w.groups(), rows, k, ys, ds, sy, n, first, end, out);
      }
    };
  }

  /** {@code w}'s rows as the file holds them. */
  private static void fileRows(float[][] out, SegmentTensor w, float[][] x, int n) {
    GgmlType type = w.type();
    int m = w.rows();
    int k = w.cols();
    Activations a = Activations.quantize(type, x, n, k);
    boolean repacked = type == GgmlType.Q4_0 && q4_0Repacked(m, k);
    if (type == GgmlType.Q8_0 && VectorChoice.ENABLED) { // read in place: no row copy
      long rowBytes = (long) (k / Q8Quantizer.BLOCK) * type.blockBytes();
      java.lang.foreign.MemorySegment seg = w.segment();
      MulMat.rows(m, (from, to) -> {
        for (int r = from; r < to; r++) {
          for (int t = 0; t < n; t++) {
            out[t][r] = VectorDots.q8(seg, r * rowBytes, a.ys[t], a.d[t], k);
          }
        }
      });
      return;
    }
    boolean packedCodes = a.ys != null && (type == GgmlType.Q4_K || type == GgmlType.Q5_K);
    MulMat.rows(m, (from, to) -> {
      QuantRow row = new QuantRow(type, k);
      for (int r = from; r < to; r++) {
        row.read(w, r, !packedCodes);
        for (int t = 0; t < n; t++) {
          out[t][r] = dot(type, repacked, row, a, t, k);
        }
      }
    });
  }

  /** One output: row {@code row} (unpacked) times token {@code t}'s quantized activations. */
  private static float dot(GgmlType type, boolean repacked, QuantRow row, Activations a, int t,
      int k) {
    boolean vector = a.ys != null;
    return switch (type) {
      case Q4_0 -> !repacked ? q8(row, a, t, k)
          : vector ? VectorDots.q4_0x8(row, a.ys[t], a.d[t], k)
          : LegacyDots.q4_0x8(row, a.qs[t], a.d[t], k);
      case Q4_1, Q5_1 -> vector ? VectorDots.q8_1(row, a.ys[t], a.d[t], a.s[t], k)
          : LegacyDots.q8_1(row, a.qs[t], a.d[t], a.s[t], k);
      case Q4_K -> KDots.q4K(row, kLanes(row, a, t), a.d[t], a.bsums[t], k);
      case Q5_K -> KDots.q5K(row, kLanes(row, a, t), a.d[t], a.bsums[t], k);
      case Q6_K -> KDots.q6K(row, kLanes(row, a, t), a.d[t], k);
      default -> q8(row, a, t, k); // Q8_0, Q5_0
    };
  }

  private static KDots.SuperBlockLanes kLanes(QuantRow row, Activations a, int t) {
    if (a.ys == null) {
      return KDots.lanes(row, a.qs[t]);
    }
    return row.type() == GgmlType.Q6_K ? VectorDots.kLanes(row, a.ys[t])
        : VectorDots.k4Lanes(row, a.ys[t]); // Q4_K, Q5_K: read with packed codes
  }

  private static float q8(QuantRow row, Activations a, int t, int k) {
    return a.ys != null ? VectorDots.q8(row.q, row.d, a.ys[t], a.d[t], k)
        : Dots.q8(row.q, row.d, a.qs[t], a.d[t], k);
  }

  /**
   * K-quant rows regrouped by {@link Int8Matmul#prepare} for {@code GGML}: {@link Q4KLaneQuadDots}
   * (Q4_K), {@link Q5KPackedQuadDots} (Q5_K, with each token's fifth-bit tables) or {@link
   * KLaneQuadDots} (Q6_K), from {@link KLaneQuadTiles#MIN_TOKENS} tokens on {@link
   * KLaneQuadTiles}, all the bits of {@link KDots}; null for Q5_K in {@code VECTOR_INT8}'s layout
   * (a byte a code), which then runs from the file's rows.
   */
  private static RowPool.RowTask kLanes(float[][] out, LaneGroupedTensor w, float[][] x, int n) {
    if (w.type() == GgmlType.Q5_K && !Q5KPackedLayout.holds(w)) {
      return null;
    }
    int k = w.cols();
    Q8KCodes[] codes = new Q8KCodes[n];
    for (int t = 0; t < n; t++) {
      codes[t] = Q8KCodes.quantize(x[t], k);
    }
    int rows = w.rows();
    int grain = LaneGroupedTensor.ROWS;
    GgmlType type = w.type();
    float[][] floats = n >= KLaneQuadTiles.MIN_TOKENS ? new float[n][k] : null;
    if (floats != null) {
      for (int t = 0; t < n; t++) {
        short[] wide = codes[t].wide();
        for (int i = 0; i < k; i++) {
          floats[t][i] = wide[i];
        }
      }
    }
    short[][] tables = floats == null && type == GgmlType.Q5_K
        ? Q5KPackedQuadDots.fifthBitTables(codes, n) : null;
    return (from, to) -> {
      int first = from / grain;
      int end = LaneGroupedTensor.groups(to);
      if (floats != null) {
        KLaneQuadTiles.groups(type, w.groups(), rows, k, codes, floats, n, first, end, out);
      } else if (type == GgmlType.Q4_K) {
        Q4KLaneQuadDots.groups(w.groups(), rows, k, codes, n, first, end, out);
      } else if (type == GgmlType.Q5_K) {
        Q5KPackedQuadDots.groups(w.groups(), rows, k, codes, tables, n, first, end, out);
      } else {
        KLaneQuadDots.groups(w.groups(), rows, k, codes, n, first, end, out);
      }
    };
  }

  /**
   * Each token's activations quantized to the weight type's {@code vec_dot_type}: codes {@code
   * qs}, scales {@code d}, Q8_1's block sums {@code s} (Q4_1, Q5_1), Q8_K's sums of 16 {@code
   * bsums} (K-quants); {@code ys} the codes as {@link VectorDots#evenOdd} where {@link
   * VectorChoice#ENABLED}, else null.
   */
  private record Activations(
      byte[][] qs, float[][] d, float[][] s, int[][] bsums, short[][] ys) {
    static Activations quantize(GgmlType type, float[][] x, int n, int k) {
      byte[][] qs = new byte[n][k];
      boolean kQuant = type.blockSize() == Q8KQuantizer.BLOCK;
      float[][] d = new float[n][kQuant ? k / Q8KQuantizer.BLOCK : k / Q8Quantizer.BLOCK];
      boolean q8_1 = type == GgmlType.Q4_1 || type == GgmlType.Q5_1;
      float[][] s = q8_1 ? new float[n][k / Q8Quantizer.BLOCK] : null;
      int[][] bsums = kQuant ? new int[n][k / Q8KQuantizer.BSUM] : null;
      short[][] ys = VectorChoice.ENABLED ? new short[n][] : null;
      for (int t = 0; t < n; t++) {
        switch (type) {
          case Q4_1, Q5_1 -> Q8_1Quantizer.quantize(x[t], k, qs[t], d[t], s[t]);
          case Q4_K, Q5_K, Q6_K -> Q8KQuantizer.quantize(x[t], k, qs[t], d[t], bsums[t]);
          default -> Q8Quantizer.quantize(x[t], k, qs[t], d[t]);
        }
        if (ys != null) {
          ys[t] = VectorDots.evenOdd(qs[t], k);
        }
      }
      return new Activations(qs, d, s, bsums, ys);
    }
  }
}
