package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.internal.kernels.Matmul;
import io.infer4j.runtime.internal.kernels.MatmulArgs;
import io.infer4j.runtime.internal.kernels.Q4LaneLayout;
import io.infer4j.runtime.internal.kernels.Q8LaneDots;
import io.infer4j.runtime.internal.kernels.Q8LaneLayout;
import io.infer4j.runtime.internal.kernels.RowPool;
import io.infer4j.runtime.internal.kernels.VectorMatmul;
import io.infer4j.runtime.internal.model.LlamaWeights;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import io.infer4j.runtime.internal.tensor.TensorView;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The matmul of {@code KernelMode.VECTOR_INT8}: every block-quantized weight type meets activations
 * quantized as llama.cpp quantizes them. Q8_0 through {@link VectorMatmul#int8()}; the K-quants
 * through their own kernels ({@link K4Int8Rows} for Q4_K and Q5_K, {@link Q6KInt8Rows}: rows read
 * in place, each super-block's integer sum exact, rows over {@code RowPool} threads), K-quant
 * matrices that {@link #prepare} regrouped through {@link Q4KLaneDots} and {@link KLaneDots}
 * instead, and regrouped Q8_0, Q4_0, Q5_0, Q4_1 and Q5_1 matrices through {@link Q8LaneDots}
 * (Q4_0's and Q4_1's nibble lanes through {@code Q4LaneDots}, which it calls);
 * Q4_0, Q5_0, Q4_1 and Q5_1 not regrouped through llama.cpp's own integer products ({@link
 * QuantMulMat}, whose results equal its scalar forms bit for bit; rows over the common pool), as
 * are the K-quants without 256-bit vectors; F32, F16 and BF16 weights in float as {@link
 * VectorMatmul}. A batch of fewer than {@link #floatBatchFrom} tokens gives each token its
 * single-token result bit for bit; larger batches (prompts) take {@code VECTOR}'s float batch
 * path, faster there, whose results differ from the integer products' by the activations'
 * rounding to int8. Thread-safe, stateless.
 */
public final class Int8Matmul implements Matmul {
  /** Rows per slice boundary: a whole group of a {@link LaneGroupedTensor}. */
  private static final int GRAIN = LaneGroupedTensor.ROWS;

  /**
   * Whether {@link #prepare} regroups Q8_0, Q4_0, Q5_0, Q4_1, Q5_1 and K-quant matrices: {@code
   * -Dinfer4j.int8.regroup=false} keeps the file's layout only (no second copy in memory, no
   * regrouping at load; slower decode).
   */
  static final boolean REGROUP =
      Boolean.parseBoolean(System.getProperty("infer4j.int8.regroup", "true"));

  /** The system property that caps the regrouped copies' bytes ({@link #regroupBudget}). */
  static final String BUDGET_PROPERTY = "infer4j.int8.regroupBudget";

  private static final System.Logger LOG = System.getLogger("io.infer4j.runtime");

  private final Matmul q8 = VectorMatmul.int8();
  private final Matmul floats = new VectorMatmul();

  /**
   * The fewest tokens a batch of {@code type} weights needs to take {@code VECTOR}'s float batch
   * path (rows dequantized once, 16 at a time, then multiply-added with a block of tokens per
   * pass, {@code BatchDots}) instead of integer products token by token. On CPUs without an 8-bit
   * multiply-add instruction in the Vector API's reach (AVX2's {@code maddubs}, AVX-512 VNNI), a
   * float FMA does 8 multiply-adds where the int8 form needs about nine instructions for a block
   * of 32 (widen, multiply and pair in 16-bit lanes, then convert), so once a row's dequantization
   * is shared by enough tokens the float path wins. Measured on this project's Zen 1 host
   * (2026-12-05, 8192x2048 matrices, each path in its own JVM; {@code benchmarks/README.md}): the
   * float path ahead at 8 tokens for Q8_0, Q4_0, Q4_1, Q5_0 (barely) and Q5_1 and in two runs of
   * three for Q4_K, from 12 for Q6_K (rows dequantized by the Vector API) and 16 for Q5_K (by the
   * view's scalar {@code readRow}); about half the time per token at 128 tokens (Q8_0, Q4_K,
   * Q6_K). Measured with the float path's kernel of two rows by four tokens a pass, which AVX2
   * hosts still run; where 512-bit vectors are native its outer product runs about twice as fast
   * at 128 tokens, so there these thresholds can only have moved down: they stay where they were
   * measured until measured again. Decode steps (one token) always take the integer products.
   */
  static int floatBatchFrom(GgmlType type) {
    return switch (type) {
      case Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K -> 8;
      case Q6_K -> 12;
      case Q5_K -> 16;
      default -> Integer.MAX_VALUE; // float weights: VectorMatmul's float paths either way
    };
  }

  /**
   * {@code weights} in the layouts this matmul reads fastest, built in {@code arena} (shared):
   * where 512-bit vectors are native, every Q8_0, Q4_0, Q5_0, Q4_1, Q5_1 and K-quant matrix also
   * regrouped with a row per vector lane ({@link LaneGroupedTensor}; {@link Q8LaneDots}, {@link
   * Q4KLaneDots}, {@link KLaneDots}), which single tokens and batches below {@link
   * #floatBatchFrom} then read instead of the file's rows. Prompts still read those (the float
   * batch path, faster there), so both are resident: the regrouped copy is the size of the file's
   * bytes for Q8_0, Q4_0 and Q4_1 (nibbles kept packed, {@link Q4LaneLayout}), larger by 5.6%
   * (Q4_K), 55% (Q5_0), 50% (Q5_1), 64% (Q5_K) and 31% (Q6_K; the last four with their codes
   * unpacked to a byte each). Else, or with {@code -Dinfer4j.int8.regroup=false}, or if the copies
   * would not fit {@link #regroupBudget}, {@code weights} itself.
   *
   * @throws IllegalArgumentException if {@code -Dinfer4j.int8.regroupBudget} is set to anything
   *     but a byte count
   */
  public static LlamaWeights prepare(LlamaWeights weights, Arena arena) {
    return prepare(weights, arena, false);
  }

  /**
   * As {@link #prepare(LlamaWeights, Arena)}; {@code ggml}: for {@code KernelMode.GGML}, which
   * reads the Q8_0, Q4_0, Q4_1, Q5_0, Q5_1 and K-quant layouts through {@link QuantMulMat} in
   * ggml's order, for batches of every size, Q5_K in a layout of its own at five bits a code
   * ({@link Q5KPackedLayout}: 9% more than the file's bytes), and Q4_0 of a shape b4916 does not
   * repack from the file in its own: that is not regrouped ({@link #ggmlKeepsFileLayout}).
   */
  public static LlamaWeights prepare(LlamaWeights weights, Arena arena, boolean ggml) {
    return regroups() ? prepare(weights, arena, ggml, regroupBudget()) : weights;
  }

  /** Whether {@link #prepare} regroups at all here: switched on, and 512-bit lanes native. */
  private static boolean regroups() {
    return REGROUP && VectorChoice.ENABLED && WideLanes.NATIVE;
  }

  /**
   * As {@link #prepare(LlamaWeights, Arena, boolean)}, regrouping only if the copies take at most
   * {@code budget} bytes; else {@code weights} itself, with one warning line (the copies live
   * outside the heap, so a copy past the machine's memory would swap or be killed by the system
   * rather than fail in Java).
   */
  static LlamaWeights prepare(LlamaWeights weights, Arena arena, boolean ggml, long budget) {
    if (!regroups()) {
      return weights;
    }
    long bytes = 0;
    int matrices = 0;
    for (TensorView m : weights.matrices()) {
      if (m instanceof SegmentTensor s && !(ggml && ggmlKeepsFileLayout(s))
          && regroupedBytes(s, ggml) > 0) {
        bytes += regroupedBytes(s, ggml);
        matrices++;
      }
    }
    if (bytes > budget) {
      LOG.log(System.Logger.Level.WARNING, "not regrouping {0} matrices for the int8 lane kernels:"
          + " their copy needs {1} MB, {2} MB allowed (90% of the memory available, or"
          + " -D{3}=BYTES); decode reads the file''s layout, slower (-D{4}=false skips regrouping"
          + " without this warning)", matrices, bytes >> 20, budget >> 20, BUDGET_PROPERTY,
          "infer4j.int8.regroup");
      return weights;
    }
    return weights.withMatrices(m -> m instanceof SegmentTensor s
        && !(ggml && ggmlKeepsFileLayout(s)) ? regroup(s, arena, ggml) : m);
  }

  /**
   * The bytes the regrouped copies may take: {@code -Dinfer4j.int8.regroupBudget=BYTES} if set,
   * else 90% of the memory the system says is available ({@link AvailableMemory}), else no limit.
   *
   * @throws IllegalArgumentException if the property is not a non-negative whole number
   */
  static long regroupBudget() {
    String set = System.getProperty(BUDGET_PROPERTY);
    if (set != null) {
      try {
        long bytes = Long.parseLong(set.strip());
        if (bytes >= 0) {
          return bytes;
        }
      } catch (NumberFormatException e) {
        // refused below
      }
      throw new IllegalArgumentException("-D" + BUDGET_PROPERTY + " must be a number of bytes"
          + " (0 or more), not '" + set + "'");
    }
    return AvailableMemory.bytes().stream().map(b -> b / 10 * 9).findFirst()
        .orElse(Long.MAX_VALUE);
  }

  /** The bytes {@link #regroup} would allocate for {@code w}: 0 for a matrix it keeps as it is. */
  static long regroupedBytes(SegmentTensor w) {
    return regroupedBytes(w, false);
  }

  /**
   * As {@link #regroupedBytes(SegmentTensor)}, for {@code KernelMode.GGML}'s layouts if {@code
   * ggml}.
   */
  static long regroupedBytes(SegmentTensor w, boolean ggml) {
    if (ggml && w.type() == GgmlType.Q5_K) {
      return LaneGroupedTensor.groups(w.rows()) * Q5KPackedLayout.groupBytes(w.cols());
    }
    long groupBytes = switch (w.type()) {
      case Q8_0, Q5_0, Q5_1 -> Q8LaneLayout.groupBytes(w.type(), w.cols());
      case Q4_0, Q4_1 -> Q4LaneLayout.groupBytes(w.type(), w.cols());
      case Q4_K -> Q4KLaneLayout.groupBytes(w.cols());
      case Q5_K, Q6_K -> KLaneLayout.groupBytes(w.type(), w.cols());
      default -> 0;
    };
    return LaneGroupedTensor.groups(w.rows()) * groupBytes;
  }

  /**
   * Whether {@code KernelMode.GGML} multiplies {@code w} from the file's layout, having no lane
   * kernel in ggml's order for it: Q4_0 of a shape b4916 does not repack ({@link
   * QuantMulMat#q4_0Repacked}), which it multiplies in Q5_0's order on nibbles these lanes do not
   * hold as codes.
   */
  public static boolean ggmlKeepsFileLayout(TensorView w) {
    return w.type() == GgmlType.Q4_0 && !QuantMulMat.q4_0Repacked(w.rows(), w.cols());
  }

  /**
   * {@code w} regrouped in {@code arena} for {@code KernelMode.GGML}'s lane kernels if {@code
   * ggml}, else for this class's: the same layouts but Q5_K's, which {@code GGML} keeps at five
   * bits a code ({@link Q5KPackedLayout}; this class's {@link KLaneDots} reads a byte a code).
   */
  static TensorView regroup(SegmentTensor w, Arena arena, boolean ggml) {
    return ggml && w.type() == GgmlType.Q5_K ? Q5KPackedLayout.regroup(w, arena)
        : regroup(w, arena);
  }

  /** {@code w} regrouped in {@code arena} for its lane kernel, or {@code w} if it has none. */
  static TensorView regroup(SegmentTensor w, Arena arena) {
    return switch (w.type()) {
      case Q8_0 -> Q8LaneLayout.regroup(w, arena);
      case Q4_0, Q4_1 -> Q4LaneLayout.regroup(w, arena);
      case Q5_0, Q5_1 -> Q8LaneLayout.regroup(w, arena, () -> legacyCodes(w));
      case Q4_K -> Q4KLaneLayout.regroup(w, arena);
      case Q5_K, Q6_K -> KLaneLayout.regroup(w, arena);
      default -> w;
    };
  }

  /**
   * Q5_0 or Q5_1 rows ({@code w}) as the Q8_0 codes their values are ({@link QuantRow}'s {@code
   * q5 - 16}, {@code q5}) and their blocks' fp16 scales (and Q5_1's offsets, stored after the
   * scale) as stored.
   */
  private static Q8LaneLayout.RowReader legacyCodes(SegmentTensor w) {
    QuantRow row = new QuantRow(w.type(), w.cols(), false);
    int blockBytes = w.type().blockBytes();
    boolean mins = Q8LaneLayout.withMins(w.type());
    return (r, codes, scales, offsets) -> {
      row.read(w, r);
      System.arraycopy(row.q, 0, codes, 0, codes.length);
      byte[] raw = row.packed();
      for (int b = 0; b < scales.length; b++) {
        int at = b * blockBytes;
        scales[b] = (short) (raw[at] & 0xFF | raw[at + 1] << 8);
        if (mins) {
          offsets[b] = (short) (raw[at + 2] & 0xFF | raw[at + 3] << 8);
        }
      }
    };
  }

  /**
   * {@code w} if it holds Q8_0, Q4_0, Q5_0, Q4_1 or Q5_1 rows regrouped for {@link Q8LaneDots},
   * else null.
   */
  private static LaneGroupedTensor q8Lanes(TensorView w) {
    return w instanceof LaneGroupedTensor l && l.q8Blocks() ? l : null;
  }

  /**
   * {@code w} if it holds K-quant rows regrouped for {@link Q4KLaneDots} (Q4_K) or {@link
   * KLaneDots} (Q5_K, Q6_K), else null.
   */
  private static LaneGroupedTensor kLanes(TensorView w) {
    return w instanceof LaneGroupedTensor l && !l.q8Blocks() ? l : null;
  }

  /** Whether {@code w} takes llama.cpp's integer products here (quantized, not Q8_0). */
  static boolean integer(TensorView w) {
    return w.type() != GgmlType.Q8_0 && QuantMulMat.handles(w);
  }

  @Override
  public void matmul(float[] out, TensorView w, float[] x) {
    LaneGroupedTensor q8Lanes = q8Lanes(w);
    if (q8Lanes != null) {
      MatmulArgs.check(out, w, x);
      RowPool.forRows(w.rows(), GRAIN,
          Q8LaneDots.task(q8Lanes, new float[][] {out}, new float[][] {x}, 1));
      return;
    }
    if (!integer(w)) {
      q8.matmul(out, w, x);
      return;
    }
    MatmulArgs.check(out, w, x);
    LaneGroupedTensor kLanes = kLanes(w);
    if (kLanes != null) {
      laneRows(kLanes, new float[][] {out}, new float[][] {x}, 1);
      return;
    }
    if (kQuant(w)) {
      kQuantRows((SegmentTensor) w, new float[][] {out}, new float[][] {x}, 1);
      return;
    }
    QuantMulMat.mul(new float[][] {out}, (SegmentTensor) w, new float[][] {x}, 1);
  }

  /** Whether {@code w} takes {@link K4Int8Rows} or {@link Q6KInt8Rows} (256-bit vectors). */
  static boolean kQuant(TensorView w) {
    return (K4Int8Rows.handles(w.type()) || w.type() == GgmlType.Q6_K) && VectorChoice.ENABLED;
  }

  private static void kQuantRows(SegmentTensor w, float[][] out, float[][] x, int count) {
    int k = w.cols();
    GgmlType type = w.type();
    Q8KCodes[] a = new Q8KCodes[count];
    for (int t = 0; t < count; t++) {
      a[t] = Q8KCodes.quantize(x[t], k);
    }
    if (count == 1) {
      RowPool.forRows(w.rows(), GRAIN, decodeRows(w, out[0], a[0]));
      return;
    }
    long rowBytes = type.byteSize(k);
    MemorySegment seg = w.segment();
    if (type == GgmlType.Q6_K) {
      RowPool.forRows(w.rows(), GRAIN, (from, to) -> {
        Q6KInt8Rows.Scratch scratch = Q6KInt8Rows.Scratch.forColumns(k);
        for (int r = from; r < to; r++) {
          Q6KInt8Rows.dots(seg, r * rowBytes, a, count, k, scratch, out, r);
        }
      });
      return;
    }
    RowPool.forRows(w.rows(), GRAIN, (from, to) -> {
      K4Int8Rows.Scratch scratch = K4Int8Rows.Scratch.forColumns(k);
      for (int r = from; r < to; r++) {
        K4Int8Rows.dots(type, seg, r * rowBytes, a, count, k, scratch, out, r);
      }
    });
  }

  /** {@code out[t] = w @ x[t]} for {@code t < count}, by the K-quants' lane kernels. */
  private static void laneRows(LaneGroupedTensor w, float[][] out, float[][] x, int count) {
    Q8KCodes[] a = new Q8KCodes[count];
    for (int t = 0; t < count; t++) {
      a[t] = Q8KCodes.quantize(x[t], w.cols());
    }
    RowPool.forRows(w.rows(), GRAIN, laneTask(w, out, a, count));
  }

  /**
   * Rows {@code [from, to)} of {@code w} (a chunk of {@code RowPool}'s, from a multiple of {@link
   * #GRAIN}) as its lane groups.
   */
  private static RowPool.RowTask laneTask(LaneGroupedTensor w, float[][] out, Q8KCodes[] x,
      int count) {
    if (w.type() == GgmlType.Q4_K) {
      return (from, to) -> Q4KLaneDots.groups(w.groups(), w.rows(), w.cols(), x, count,
          from / GRAIN, LaneGroupedTensor.groups(to), out, KLaneRows.Scratch.forTokens(count));
    }
    boolean mins = w.type() == GgmlType.Q5_K;
    return (from, to) -> KLaneDots.groups(w.groups(), mins, w.rows(), w.cols(), x, count,
        from / GRAIN, LaneGroupedTensor.groups(to), out, KLaneRows.Scratch.forTokens(count));
  }

  /** A decode step's rows of the K-quant {@code w} by row range: {@code w @ x -> out}. */
  private static RowPool.RowTask decodeRows(SegmentTensor w, float[] out, Q8KCodes x) {
    LaneGroupedTensor lanes = kLanes(w);
    if (lanes != null) {
      return laneTask(lanes, new float[][] {out}, new Q8KCodes[] {x}, 1);
    }
    int k = w.cols();
    GgmlType type = w.type();
    long rowBytes = type.byteSize(k);
    MemorySegment seg = w.segment();
    if (type == GgmlType.Q6_K) {
      float[][] outs = {out};
      Q8KCodes[] xs = {x};
      return (from, to) -> {
        Q6KInt8Rows.Scratch scratch = Q6KInt8Rows.Scratch.forColumns(k);
        for (int r = from; r < to; r++) {
          Q6KInt8Rows.dots(seg, r * rowBytes, xs, 1, k, scratch, outs, r);
        }
      };
    }
    return (from, to) -> {
      for (int r = from; r < to; r++) {
        out[r] = K4Int8Rows.dot(type, seg, r * rowBytes, x, k);
      }
    };
  }

  /**
   * Matrices that all take this class's own kernels (K-quants, regrouped Q8_0) share one {@link
   * RowPool#forRowsOf}, and one Q8_K quantization of {@code x} per width; all-other mixes (Q8_0
   * in the file's layout, float) go to {@link VectorMatmul#matmulEach}; other mixes one matrix at
   * a time.
   */
  @Override
  public void matmulEach(float[][] out, TensorView[] w, float[] x) {
    MatmulArgs.checkEach(out, w, x);
    boolean allOwn = w.length > 0;
    boolean anyOwn = false;
    for (TensorView m : w) {
      boolean own = q8Lanes(m) != null || integer(m) && kQuant(m);
      allOwn &= own;
      anyOwn |= own || integer(m);
    }
    if (!anyOwn) {
      q8.matmulEach(out, w, x);
      return;
    }
    if (!allOwn) {
      Matmul.super.matmulEach(out, w, x);
      return;
    }
    int[] rows = new int[w.length];
    LaneGroupedTensor[] q8Lanes = new LaneGroupedTensor[w.length];
    boolean allQ8Lanes = true;
    for (int j = 0; j < w.length; j++) {
      rows[j] = w[j].rows();
      q8Lanes[j] = q8Lanes(w[j]);
      allQ8Lanes &= q8Lanes[j] != null;
    }
    if (allQ8Lanes) { // x quantized once for all of them
      RowPool.forRowsOf(rows, GRAIN, Q8LaneDots.tasks(q8Lanes, out, x));
      return;
    }
    Q8KCodes a = null;
    RowPool.RowTask[] tasks = new RowPool.RowTask[w.length];
    for (int j = 0; j < w.length; j++) {
      if (q8Lanes[j] != null) {
        tasks[j] = Q8LaneDots.task(q8Lanes[j], new float[][] {out[j]}, new float[][] {x}, 1);
      } else {
        if (a == null || a.wide().length != w[j].cols()) {
          a = Q8KCodes.quantize(x, w[j].cols());
        }
        tasks[j] = decodeRows((SegmentTensor) w[j], out[j], a);
      }
    }
    RowPool.forRowsOf(rows, GRAIN, tasks);
  }

  @Override
  public void matmulBatch(float[][] out, TensorView w, float[][] x, int count) {
    if (count >= floatBatchFrom(w.type())) {
      floats.matmulBatch(out, w, x, count);
      return;
    }
    LaneGroupedTensor q8Lanes = q8Lanes(w);
    if (!integer(w) && q8Lanes == null) {
      q8.matmulBatch(out, w, x, count);
      return;
    }
    MatmulArgs.checkCount(out, w, x, count);
    for (int t = 0; t < count; t++) {
      MatmulArgs.check(out[t], w, x[t]);
    }
    if (q8Lanes != null) {
      RowPool.forRows(w.rows(), GRAIN, Q8LaneDots.task(q8Lanes, out, x, count));
      return;
    }
    LaneGroupedTensor kLanes = kLanes(w);
    if (kLanes != null) {
      laneRows(kLanes, out, x, count);
      return;
    }
    if (kQuant(w)) {
      kQuantRows((SegmentTensor) w, out, x, count);
      return;
    }
    QuantMulMat.mul(out, (SegmentTensor) w, x, count);
  }
}
