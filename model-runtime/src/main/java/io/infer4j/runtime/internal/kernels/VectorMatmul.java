package io.infer4j.runtime.internal.kernels;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast matmul: rows split across {@link RowPool}'s threads when the matrix is large enough,
 * each row's dot product done with the Vector API (fused multiply-add, lane-parallel partial sums).
 * F32, F16, BF16, Q8_0, Q4_K and Q6_K weights are read in place from mapped memory ({@link
 * F16Rows}, {@link BF16Rows}, {@link Q8Rows}, {@link KQuantRows}); other types are dequantized a
 * row at a time (Q4_0 in lanes, {@link Q4Rows}). Batches widen F16, BF16, Q8_0, Q4_0, Q4_K and
 * Q6_K rows with the Vector API, other types through the view's {@code readRow}. {@link #matmulBatch} reads each weight row from
 * memory once for a whole batch of tokens: the rows dequantized up to 16 at a time into a
 * cache-resident panel, then multiplied with the batch as an outer product where 512-bit vectors
 * are preferred ({@link BatchDots#panel}, the activations packed once into blocks of tokens,
 * {@link TokenBlocks}), as dot products along the rows elsewhere ({@link LaneBatchDots#panel}).
 * Results differ from {@link ReferenceMatmul} only by float rounding (summation order and FMA).
 * {@link #int8()} multiplies Q8_0 weights with activations quantized to Q8_0 instead, as
 * llama.cpp does ({@link Q8ActivationsInLanes}, {@link Q8Rows#dotInt8}); it differs from {@link
 * ReferenceInt8Matmul} by float rounding only. Stateless and thread-safe; weight segments
 * must be readable from pool threads (shared or global arenas, as {@code MappedFile} uses), not
 * confined ones.
 */
public final class VectorMatmul implements Matmul {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final ValueLayout.OfFloat F32 =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /** Multiply-adds below which one thread does the whole matrix (handing off costs more). */
  private static final long PARALLEL_THRESHOLD = 1L << 16;

  /** Slices start at multiples of this many rows (keeps writes to {@code out} apart). */
  private static final int GRAIN = 16;

  /**
   * Most rows dequantized together for a batch ({@link BatchDots#panel}, {@link
   * LaneBatchDots#panel}): 16 rows of 2048 to 5632 floats (128 to 352 KiB) stay in L2 while the
   * batch passes them; longer rows take fewer ({@link #PANEL_BYTES}), though never fewer than the
   * kernel's rows a pass (eight, two).
   */
  private static final int PANEL_ROWS = 16;

  /** The most bytes of dequantized rows a panel holds: 16 rows of 5632 floats fit. */
  private static final int PANEL_BYTES = 384 << 10;

  /**
   * Panels between uses: {@link RowPool} runs a task once per chunk of rows, a dozen or more per
   * matrix, and a panel allocated per call would be allocated and zeroed as often.
   */
  private static final SpareArrays SPARE_PANELS = new SpareArrays();

  /** Whether Q8_0 weights meet int8-quantized activations. */
  private final boolean int8;

  /** Float activations for every weight type. */
  public VectorMatmul() {
    this(false);
  }

  private VectorMatmul(boolean int8) {
    this.int8 = int8;
  }

  /** Q8_0 weights multiplied with activations quantized to Q8_0; other types as {@code new VectorMatmul()}. */
  public static VectorMatmul int8() {
    return new VectorMatmul(true);
  }

  @Override
  public void matmul(float[] out, TensorView w, float[] x) {
    MatmulArgs.check(out, w, x);
    boolean learning = learnsFinite(w);
    RowPool.RowTask task = rowTask(out, w, x, null);
    if ((long) w.rows() * w.cols() < PARALLEL_THRESHOLD) {
      task.run(0, w.rows());
    } else {
      RowPool.forRows(w.rows(), GRAIN, task);
    }
    if (learning) {
      FiniteHalves.learn(w, out);
    }
  }

  /** All matrices' rows in one {@link RowPool#forRowsOf}; Q8_0 activations quantized once. */
  @Override
  public void matmulEach(float[][] out, TensorView[] w, float[] x) {
    MatmulArgs.checkEach(out, w, x);
    RowPool.RowTask[] tasks = new RowPool.RowTask[w.length];
    int[] rows = new int[w.length];
    boolean[] learning = new boolean[w.length];
    Q8Activations q = null;
    int quantizedCols = -1;
    for (int j = 0; j < w.length; j++) {
      if (int8 && Rows.of(w[j]) == Rows.Q8_0 && w[j].cols() != quantizedCols) {
        quantizedCols = w[j].cols();
        q = Q8ActivationsInLanes.quantize(x, quantizedCols);
      }
      learning[j] = learnsFinite(w[j]);
      tasks[j] = rowTask(out[j], w[j], x, q);
      rows[j] = w[j].rows();
    }
    RowPool.forRowsOf(rows, GRAIN, tasks);
    for (int j = 0; j < w.length; j++) {
      if (learning[j]) {
        FiniteHalves.learn(w[j], out[j]);
      }
    }
  }

  /**
   * Whether a product of {@code w} now runs with every half widened exactly and can teach {@link
   * FiniteHalves} that {@code w} is finite: an F16 matrix not yet known, where 512-bit vectors
   * are native ({@link F16Rows#dotFinite}'s hosts).
   */
  private static boolean learnsFinite(TensorView w) {
    return RowSpecies.WIDE && Rows.of(w) == Rows.F16 && !FiniteHalves.known(w);
  }

  /**
   * Rows of {@code W @ x -> out} by row range, arguments checked. {@code q}: {@code x} quantized
   * to Q8_0 over {@code w.cols()}, for int8 Q8_0 products; quantized here when null. F16 rows
   * of a matrix known to hold only finite halves ({@link FiniteHalves}, learned from its first
   * product) meet {@code x} scaled by {@code 2^112} once here ({@link F16Rows#dotFinite}: the
   * same floats, fewer instructions), where 512-bit vectors are native.
   */
  private RowPool.RowTask rowTask(float[] out, TensorView w, float[] x, Q8Activations q) {
    int n = w.cols();
    Rows k = Rows.of(w);
    MemorySegment seg = k == Rows.GENERIC ? null : WeightSegments.of(w);
    if (int8 && k == Rows.Q8_0) {
      Q8Activations quantized = q != null ? q : Q8ActivationsInLanes.quantize(x, n);
      long rowBytes = w.type().byteSize(n);
      return (from, to) -> int8Rows(seg, rowBytes, out, quantized, n, from, to);
    }
    if (k == Rows.F16 && RowSpecies.WIDE && FiniteHalves.known(w)) {
      float[] scaled = F16Rows.scaledForFinite(x, n);
      if (scaled != null) {
        long rowBytes = w.type().byteSize(n);
        return (from, to) -> {
          for (int i = from; i < to; i++) {
            out[i] = F16Rows.dotFinite(seg, i * rowBytes, x, scaled, n);
          }
        };
      }
    }
    return (from, to) -> rows(k, seg, out, w, x, from, to);
  }

  @Override
  public void matmulBatch(float[][] out, TensorView w, float[][] x, int count) {
    int d = w.rows();
    int n = w.cols();
    MatmulArgs.checkCount(out, w, x, count);
    for (int t = 0; t < count; t++) {
      if (x[t].length < n || out[t].length < d) {
        throw new IllegalArgumentException(
            "matmulBatch " + w + ": token " + t + " has x of " + x[t].length + " (needs " + n
                + "), out of " + out[t].length + " (needs " + d + ")");
      }
    }
    if (count == 1) {
      matmul(out[0], w, x[0]); // a decode step: the single-vector kernels
      return;
    }
    Rows k = Rows.of(w);
    MemorySegment seg = k == Rows.GENERIC ? null : WeightSegments.of(w);
    long rowBytes = w.type().byteSize(n);
    if (int8 && k == Rows.Q8_0) {
      Q8Activations[] q = new Q8Activations[count];
      for (int t = 0; t < count; t++) {
        q[t] = Q8ActivationsInLanes.quantize(x[t], n);
      }
      // each row is read from memory once, then from cache for the batch's other tokens
      RowPool.forRows(d, GRAIN, (from, to) -> {
        for (int i = from; i < to; i++) {
          for (int t = 0; t < count; t++) {
            out[t][i] = Q8Rows.dotInt8(seg, i * rowBytes, q[t], n);
          }
        }
      });
      return;
    }
    TokenBlocks tokens = BatchDots.CHOSEN ? TokenBlocks.of(x, count, n) : null;
    try {
      RowPool.forRows(
          d, GRAIN, (from, to) -> panelRows(k, seg, rowBytes, w, x, count, tokens, out, from, to));
    } finally {
      if (tokens != null) {
        tokens.release();
      }
    }
  }

  /**
   * Rows {@code [from, to)} of a batch: dequantized a panel at a time, then multiplied with the
   * batch by {@link BatchDots} ({@code tokens}, packed) or, where that kernel is not {@link
   * BatchDots#CHOSEN chosen} ({@code tokens} null), by {@link LaneBatchDots} ({@code x}).
   */
  private static void panelRows(Rows k, MemorySegment seg, long rowBytes, TensorView w,
      float[][] x, int count, TokenBlocks tokens, float[][] out, int from, int to) {
    int n = w.cols();
    int fewest = tokens != null ? 8 : 2; // rows a pass of the kernel
    int most = Math.clamp(PANEL_BYTES / (Float.BYTES * (long) n), fewest, PANEL_ROWS);
    float[][] panel = SPARE_PANELS.take(most, n);
    float[] scratch = tokens != null ? new float[BatchDots.SCRATCH] : null; // BatchDots' only
    try {
      for (int i = from; i < to; i += most) {
        int rows = Math.min(most, to - i);
        for (int j = 0; j < rows; j++) {
          widen(k, seg, rowBytes, w, i + j, panel[j]);
        }
        if (tokens != null) {
          BatchDots.panel(panel, rows, tokens, out, i, scratch);
        } else {
          LaneBatchDots.panel(panel, rows, x, count, n, out, i);
        }
      }
    } finally {
      SPARE_PANELS.give(panel);
    }
  }

  /** Row {@code i} of {@code w} ({@code rowBytes} bytes a row) as floats into {@code dst}. */
  private static void widen(
      Rows k, MemorySegment seg, long rowBytes, TensorView w, int i, float[] dst) {
    int n = w.cols();
    switch (k) {
      case Q8_0 -> Q8Rows.widen(seg, i * rowBytes, dst, n);
      case F16 -> F16Rows.widen(seg, i * rowBytes, dst, n);
      case BF16 -> BF16Rows.widen(seg, i * rowBytes, dst, n);
      case Q4_0 -> Q4Rows.widen(seg, i * rowBytes, dst, n);
      case Q4_K -> KQuantRows.widenQ4K(seg, i * rowBytes, dst, n);
      case Q6_K -> KQuantRows.widenQ6K(seg, i * rowBytes, dst, n);
      default -> w.readRow(i, dst, 0);
    }
  }

  /** How a tensor's rows are read: in place from its segment, or GENERIC through readRow. */
  private enum Rows {
    F32,
    F16,
    BF16,
    Q8_0,
    Q4_0,
    Q4_K,
    Q6_K,
    GENERIC;

    static Rows of(TensorView w) {
      if (WeightSegments.of(w) == null) {
        return GENERIC;
      }
      GgmlType t = w.type();
      if (t == GgmlType.F32) {
        return F32;
      }
      if (t == GgmlType.F16 && RowSpecies.SUPPORTED) {
        return F16;
      }
      if (t == GgmlType.BF16 && RowSpecies.SUPPORTED) {
        return BF16;
      }
      if (t == GgmlType.Q8_0 && RowSpecies.SUPPORTED) {
        return Q8_0;
      }
      if (t == GgmlType.Q4_0 && RowSpecies.SUPPORTED) {
        return Q4_0;
      }
      if (t == GgmlType.Q4_K && RowSpecies.SUPPORTED) {
        return Q4_K;
      }
      if (t == GgmlType.Q6_K && RowSpecies.SUPPORTED) {
        return Q6_K;
      }
      return GENERIC;
    }
  }

  private static void int8Rows(
      MemorySegment seg, long rowBytes, float[] out, Q8Activations q, int n, int from, int to) {
    for (int i = from; i < to; i++) {
      out[i] = Q8Rows.dotInt8(seg, i * rowBytes, q, n);
    }
  }

  private static void rows(
      Rows kind, MemorySegment seg, float[] out, TensorView w, float[] x, int from, int to) {
    int n = w.cols();
    long rowBytes = w.type().byteSize(n);
    switch (kind) {
      case F32 -> {
        for (int i = from; i < to; i++) {
          out[i] = dot(seg, i * rowBytes, x, n);
        }
      }
      case F16 -> {
        float[] scratch = new float[F16Rows.CHUNK];
        for (int i = from; i < to; i++) {
          out[i] = F16Rows.dot(seg, i * rowBytes, x, n, scratch);
        }
      }
      case BF16 -> {
        for (int i = from; i < to; i++) {
          out[i] = BF16Rows.dot(seg, i * rowBytes, x, n);
        }
      }
      case Q8_0 -> {
        for (int i = from; i < to; i++) {
          out[i] = Q8Rows.dot(seg, i * rowBytes, x, n);
        }
      }
      case Q4_0 -> {
        float[] row = new float[n];
        for (int i = from; i < to; i++) {
          Q4Rows.widen(seg, i * rowBytes, row, n);
          out[i] = dot(row, x, n);
        }
      }
      case Q4_K -> {
        float[] xSums = KQuantRows.subBlockSums(x, n);
        for (int i = from; i < to; i++) {
          out[i] = KQuantRows.dotQ4K(seg, i * rowBytes, x, xSums, n);
        }
      }
      case Q6_K -> {
        for (int i = from; i < to; i++) {
          out[i] = KQuantRows.dotQ6K(seg, i * rowBytes, x, n);
        }
      }
      case GENERIC -> {
        float[] row = new float[n];
        for (int i = from; i < to; i++) {
          w.readRow(i, row, 0);
          out[i] = dot(row, x, n);
        }
      }
    }
  }

  /** {@code sum(a[i] * b[i])} for {@code i < n}. */
  static float dot(float[] a, float[] b, int n) {
    return dot(a, 0, b, 0, n);
  }

  /**
   * {@code sum(a[aOff + i] * b[bOff + i])} for {@code i < n}: one vector accumulator over {@code
   * i} (lane {@code l} sums the fused products of the elements {@code l} mod the lane count, in
   * order), its lanes summed by {@link LaneSums}, then the elements past the last whole vector
   * left to right.
   */
  static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    FloatVector acc = FloatVector.zero(SPECIES);
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
      acc = FloatVector.fromArray(SPECIES, a, aOff + i)
          .fma(FloatVector.fromArray(SPECIES, b, bOff + i), acc);
    }
    float sum = LaneSums.sum(acc);
    for (; i < n; i++) {
      sum += a[aOff + i] * b[bOff + i];
    }
    return sum;
  }

  /**
   * {@code acc[accOff + i] = acc[accOff + i] + a * x[xOff + i]} for {@code i < n}, multiply and
   * add rounded apart.
   */
  static void addScaled(float a, float[] x, int xOff, float[] acc, int accOff, int n) {
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
      FloatVector.fromArray(SPECIES, x, xOff + i).mul(a)
          .add(FloatVector.fromArray(SPECIES, acc, accOff + i)).intoArray(acc, accOff + i);
    }
    for (; i < n; i++) {
      acc[accOff + i] += a * x[xOff + i];
    }
  }

  /** {@code sum(a[i] * b[i])} with {@code a} read as little-endian floats at {@code offset}. */
  static float dot(MemorySegment a, long offset, float[] b, int n) {
    FloatVector acc = FloatVector.zero(SPECIES);
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
      FloatVector va =
          FloatVector.fromMemorySegment(
              SPECIES, a, offset + (long) i * Float.BYTES, ByteOrder.LITTLE_ENDIAN);
      acc = va.fma(FloatVector.fromArray(SPECIES, b, i), acc);
    }
    float sum = LaneSums.sum(acc);
    for (; i < n; i++) {
      sum += a.get(F32, offset + (long) i * Float.BYTES) * b[i];
    }
    return sum;
  }
}
