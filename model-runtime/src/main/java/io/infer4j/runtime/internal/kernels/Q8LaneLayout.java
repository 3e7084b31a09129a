package io.infer4j.runtime.internal.kernels;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Supplier;

/**
 * Q8_0 rows regrouped {@link #ROWS} at a time so that a vector lane holds a row ({@link
 * Q8LaneDots}), as {@code Q4KLaneLayout} does for Q4_K. Q4_0 and Q5_0 rows take the same layout
 * ({@link #regroup(SegmentTensor, Arena, Supplier)}): their values are a block's fp16 scale times
 * {@code nibble - 8} or {@code q5 - 16}, which are Q8_0 codes, multiplied by the same kernel with
 * the same exact block sums as llama.cpp's {@code vec_dot_q4_0_q8_0} and {@code _q5_0_q8_0}. A
 * group's block {@code b} (32 columns of 32 rows) is one chunk of {@link #CHUNK_BYTES}, exactly the
 * bytes of the 32 rows' blocks in the file (1,088): code {@code j} of row {@code r} at {@code 32j +
 * r} ({@code j < 32}), then the rows' fp16 scales {@code d} as in the file, the even rows' ({@code
 * 0, 2, ..., 30}) at {@link #D} {@code + r}, the odd rows' at {@link #D_ODD} {@code + (r - 1)}: the
 * kernel sums even and odd rows in the two halves of 32-bit lanes. (Scales kept as floats, 1,152
 * bytes a chunk, decoded 0.93x llama.cpp's speed in three rounds where decode reads memory as fast
 * as it can, about 1,088 / 1,152 = 0.94: see benchmarks/README.md, "Q8_0 groups the size of the
 * file".) The last group of a matrix whose row count is not a multiple of 32 is padded with zero
 * bytes (codes and scales 0). Stateless.
 */
public final class Q8LaneLayout {
  static final int ROWS = LaneGroupedTensor.ROWS;
  static final int BLOCK = Q8Activations.BLOCK;
  /** Byte offset, in a chunk, of the even rows' 16 fp16 scales. */
  static final long D = (long) BLOCK * ROWS;
  /** Byte offset, in a chunk, of the odd rows' 16 fp16 scales. */
  static final long D_ODD = D + ROWS;
  static final long CHUNK_BYTES = D + 2L * ROWS;

  private Q8LaneLayout() {}

  /**
   * Reads one row as Q8_0 codes and fp16 scales, for {@link #regroup(SegmentTensor, Arena,
   * Supplier)}. Not shared between threads: {@link LaneGroups#build} asks one of each.
   */
  @FunctionalInterface
  public interface RowReader {
    /**
     * Row {@code row}'s codes, one per column, into {@code codes}, and each block's fp16 scale
     * (its bits) into {@code scales}.
     */
    void read(int row, byte[] codes, short[] scales);
  }

  /**
   * {@code w} (Q8_0) with its rows regrouped into segments of {@code arena} (shared), one per
   * group, built by {@link LaneGroups#build}.
   *
   * @throws IllegalArgumentException if {@code w} is not Q8_0 or its segment is shorter than its
   *     rows
   */
  public static LaneGroupedTensor regroup(SegmentTensor w, Arena arena) {
    if (w.type() != GgmlType.Q8_0) {
      throw new IllegalArgumentException(w.name() + " is " + w.type() + ", not Q8_0");
    }
    long rowBytes = GgmlType.Q8_0.byteSize(w.cols());
    int blocks = w.cols() / BLOCK;
    return regroup(w, arena, () -> {
      byte[] row = new byte[(int) rowBytes]; // one copy a row: a copy a block cost more
      return (r, codes, scales) -> {
        MemorySegment.copy(w.segment(), ValueLayout.JAVA_BYTE, r * rowBytes, row, 0, row.length);
        for (int b = 0; b < blocks; b++) {
          int at = b * Q8Activations.BLOCK_BYTES;
          scales[b] = (short) (row[at] & 0xFF | row[at + 1] << 8);
          System.arraycopy(row, at + 2, codes, b * BLOCK, BLOCK);
        }
      };
    });
  }

  /**
   * {@code w} regrouped into segments of {@code arena} (shared) from the codes and scales its
   * {@code readers} give, one per group, built by {@link LaneGroups#build}: Q8_0 rows as the file
   * holds them ({@link #regroup(SegmentTensor, Arena)}), or rows of a type whose values are a
   * block's scale times a small signed integer (Q4_0's {@code nibble - 8}, Q5_0's {@code q5 -
   * 16}), whose codes are then Q8_0 codes: the copy holds a byte a code, 1.89x and 1.55x those
   * files' bytes (see benchmarks/README.md, "Q4_0 and Q5_0 as Q8_0 lanes").
   *
   * @throws IllegalArgumentException if {@code w} is not Q8_0, Q4_0 or Q5_0, or its segment is
   *     shorter than its rows
   */
  public static LaneGroupedTensor regroup(SegmentTensor w, Arena arena,
      Supplier<RowReader> readers) {
    int rows = w.rows();
    int cols = w.cols();
    GgmlType type = w.type();
    if (type != GgmlType.Q8_0 && type != GgmlType.Q4_0 && type != GgmlType.Q5_0) {
      throw new IllegalArgumentException(w.name() + " is " + type + ", not Q8_0, Q4_0 or Q5_0");
    }
    long rowBytes = type.byteSize(cols);
    if (w.segment().byteSize() < rows * rowBytes) {
      throw new IllegalArgumentException("a " + rows + "x" + cols + " " + type + " matrix needs "
          + rows * rowBytes + " bytes, " + w.name() + "'s segment holds " + w.segment().byteSize());
    }
    int blocks = cols / BLOCK;
    MemorySegment[] groups = LaneGroups.build(rows, blocks * CHUNK_BYTES, arena, () -> {
      RowReader reader = readers.get();
      byte[] codes = new byte[cols];
      short[] scales = new short[blocks];
      return (g, bytes) -> {
        for (int r = 0; r < ROWS && g * ROWS + r < rows; r++) {
          reader.read(g * ROWS + r, codes, scales);
          for (int b = 0; b < blocks; b++) {
            interleave(codes, scales[b], b, r, bytes, (int) (b * CHUNK_BYTES));
          }
        }
      };
    });
    return new LaneGroupedTensor(w, groups);
  }

  /**
   * Row {@code r}'s block {@code b}, its 32 codes from {@code codes[32b ..]} and its fp16 scale
   * {@code scale}, into the chunk at {@code bytes[chunk ..]}. A method of its own, called for
   * every block, so that the JIT compiles it early in a load (a loop inside the writer waited
   * for on-stack replacement).
   */
  private static void interleave(byte[] codes, short scale, int b, int r, byte[] bytes,
      int chunk) {
    for (int j = 0; j < BLOCK; j++) {
      bytes[chunk + j * ROWS + r] = codes[b * BLOCK + j];
    }
    int at = chunk + (int) (r % 2 == 0 ? D : D_ODD) + (r & ~1); // 2 bytes a row
    bytes[at] = (byte) scale;
    bytes[at + 1] = (byte) (scale >> 8);
  }
}
