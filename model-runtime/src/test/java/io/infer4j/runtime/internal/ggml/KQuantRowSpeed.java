package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.internal.tensor.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Times the int8 K-quant row products alone, one thread, in both vector shapes: nanoseconds per
 * super-block of 256 weights and weight bytes read per second. Rows are random (valid fp16
 * scales) in native memory; a buffer that fits in L2 times the instructions, one far larger than
 * the caches times them together with the memory. End-to-end runs on a shared VM move by a fifth
 * from run to run, mostly with the memory and the other tenants; this one moves less, but the
 * JIT's compiled form of a kernel can differ from run to run (Q4_K: 15.3-20.3 ns a super-block
 * over four runs), so compare several runs of each version (benchmarks/README.md, "K-quant rows
 * without calls"). Single-threaded; not thread-safe.
 *
 * <p>Command line (after {@code mvn -pl model-runtime -am test-compile}):
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector \
 *   -cp model-runtime/target/classes:model-runtime/target/test-classes:sdk-api/target/classes \
 *   io.infer4j.runtime.internal.ggml.KQuantRowSpeed Q4_K 262144 [ROUNDS]
 * }</pre>
 *
 * <p>TYPE is Q4_K, Q5_K or Q6_K, BYTES the size of the rows' buffer, ROUNDS (default 8) the timed
 * rounds of about 2 GB of rows each; the best round is printed per shape. Q4_K and Q5_K print both
 * shapes (the 512-bit one runs in the Vector API's Java fallback where AVX-512 is not native:
 * slowly, printed anyway), Q6_K its decode step in the host's shape.
 */
public final class KQuantRowSpeed {
  private static final int COLS = 2048;
  private static final Q6KInt8Rows.Scratch Q6_SCRATCH = Q6KInt8Rows.Scratch.forColumns(COLS);
  private static final float[][] Q6_OUT = new float[1][1];

  private KQuantRowSpeed() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: KQuantRowSpeed Q4_K|Q5_K|Q6_K BYTES [ROUNDS]");
      System.exit(2);
    }
    GgmlType type = GgmlType.valueOf(args[0]);
    if (!K4Int8Rows.handles(type) && type != GgmlType.Q6_K) {
      throw new IllegalArgumentException("not an int8 K-quant row type: " + type);
    }
    long bufferBytes = Long.parseLong(args[1]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    for (Timing t : run(type, bufferBytes, rounds, 2_000_000_000L)) {
      System.out.printf(Locale.ROOT, "%s %s lanes, %d KB of rows: %.2f ns a super-block, %.2f GB/s"
          + " (sum %g)%n", type, t.wide() ? "512-bit" : "256-bit", t.rowBytes() >> 10,
          t.nanosPerSuperBlock(), t.bytesPerNano(), t.sum());
    }
  }

  /**
   * One shape's best round: {@code rowBytes} of rows read, {@code sum} the last round's sum of
   * the row products (the same in both shapes: they give the same floats).
   */
  record Timing(boolean wide, long rowBytes, double nanosPerSuperBlock, double bytesPerNano,
      float sum) {}

  /** Times {@code rounds} rounds of at least {@code bytesPerRound} row bytes each, per shape. */
  static List<Timing> run(GgmlType type, long bufferBytes, int rounds, long bytesPerRound) {
    long rowBytes = COLS / 256L * type.blockBytes();
    int rows = (int) Math.max(1, bufferBytes / rowBytes);
    MemorySegment w = Arena.ofAuto().allocate(rows * rowBytes, 64);
    MemorySegment.copy(QuantDotsTest.randomMatrix(type, rows, COLS, 1).segment(), 0, w, 0,
        rows * rowBytes);
    Random r = new Random(2);
    float[] x = new float[COLS];
    for (int i = 0; i < COLS; i++) {
      x[i] = (float) r.nextGaussian();
    }
    Q8KCodes y = Q8KCodes.quantize(x, COLS);
    long passes = Math.max(1, bytesPerRound / (rows * rowBytes));
    boolean[] shapes = type == GgmlType.Q6_K
        ? new boolean[] {WideLanes.NATIVE} // the host's shape: dots chooses it
        : new boolean[] {false, true};
    List<Timing> timings = new ArrayList<>();
    for (boolean wide : shapes) {
      double best = Double.MAX_VALUE;
      float check = 0;
      for (int round = 0; round < rounds; round++) {
        long t0 = System.nanoTime();
        float sum = 0;
        for (long p = 0; p < passes; p++) {
          for (int row = 0; row < rows; row++) {
            sum += product(type, wide, w, row * rowBytes, y);
          }
        }
        best = Math.min(best, System.nanoTime() - t0);
        check = sum;
      }
      double superBlocks = (double) passes * rows * (COLS / 256);
      timings.add(new Timing(wide, rows * rowBytes, best / superBlocks,
          passes * rows * rowBytes / best, check));
    }
    return timings;
  }

  private static float product(GgmlType type, boolean wide, MemorySegment w, long offset,
      Q8KCodes y) {
    return switch (type) {
      case Q4_K -> wide ? K4Int8Rows.q4RowWide(w, offset, y, COLS)
          : K4Int8Rows.q4Row(w, offset, y, COLS);
      case Q5_K -> wide ? K4Int8Rows.q5RowWide(w, offset, y, COLS)
          : K4Int8Rows.q5Row(w, offset, y, COLS);
      default -> q6K(w, offset, y);
    };
  }

  /** Q6_K's decode step as {@code Int8Matmul} runs it (its batch form, one token). */
  private static float q6K(MemorySegment w, long offset, Q8KCodes y) {
    Q6KInt8Rows.dots(w, offset, new Q8KCodes[] {y}, 1, COLS, Q6_SCRATCH, Q6_OUT, 0);
    return Q6_OUT[0][0];
  }
}
