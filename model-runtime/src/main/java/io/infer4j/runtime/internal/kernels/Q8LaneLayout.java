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
 * Q8LaneDots}), as {@code Q4KLaneLayout} does for Q4_K. Q5_0 rows take the same layout ({@link
 * #regroup(SegmentTensor, Arena, Supplier)}): their values are a block's fp16 scale times {@code
 * q5 - 16}, which are Q8_0 codes, multiplied by the same kernel with the same exact block sums as
 * llama.cpp's {@code vec_dot_q5_0_q8_0} (Q4_0 and Q4_1 rows keep their nibbles packed, {@link
 * Q4LaneLayout}). Q5_1 rows too, with their blocks' fp16 offsets {@code m} beside the scales
 * ({@link #withMins}): their values are {@code d * q + m} with {@code q} a 5-bit code (an int8 code
 * too), so a row's dot product is the Q8_0 one plus {@code m * sum(x)} a block, as in {@code
 * vec_dot_q5_1_q8_1}. A group's block {@code b} (32 columns of 32 rows) is one chunk of
 * {@link #chunkBytes}, for Q8_0 exactly the bytes of the 32 rows' blocks in the file (1,088): code
 * {@code j} of row {@code r} at {@code 32j + r} ({@code j < 32}), then the rows' fp16 scales
 * {@code d} as in the file, the even rows' ({@code 0, 2, ..., 30}) at {@link #D} {@code + r}, the
 * odd rows' at {@link #D_ODD} {@code + (r - 1)}: the kernel sums even and odd rows in the two
 * halves of 32-bit lanes; with mins, their fp16 offsets the same way at {@link #M} and {@link
 * #M_ODD} (1,152 bytes a chunk). (An earlier Q8_0 layout that kept the scales as floats, also
 * 1,152 bytes a chunk, decoded 0.93x llama.cpp's speed in three rounds where decode reads memory
 * as fast as it can, about 1,088 / 1,152 = 0.94: see benchmarks/README.md, "Q8_0 groups the size
 * of the file".) The last group of a
 * matrix whose row count is not a multiple of 32 is padded with zero bytes (codes, scales and
 * offsets 0). Stateless.
 */
public final class Q8LaneLayout {
  static final int ROWS = LaneGroupedTensor.ROWS;
  static final int BLOCK = Q8Activations.BLOCK;
  /** Byte offset, in a chunk, of the even rows' 16 fp16 scales. */
  static final long D = (long) BLOCK * ROWS;
  /** Byte offset, in a chunk, of the odd rows' 16 fp16 scales. */
  static final long D_ODD = D + ROWS;
  /** Bytes of a chunk without offsets (Q8_0, Q5_0). */
  static final long CHUNK_BYTES = D + 2L * ROWS;
  /** Byte offset, in a chunk with offsets (Q5_1), of the even rows' 16 fp16 offsets. */
  static final long M = CHUNK_BYTES;
  /** Byte offset, in a chunk with offsets, of the odd rows' 16 fp16 offsets. */
  static final long M_ODD = M + ROWS;
  /** Bytes of a chunk with offsets. */
  static final long CHUNK_BYTES_WITH_MINS = M + 2L * ROWS;

  /**
   * Whether {@code type}'s blocks carry an offset {@code m} beside their scale (Q4_1, Q5_1), whose
   * products need the activations' block sums; in this layout (Q5_1) kept at {@link #M} of each
   * chunk.
   */
  public static boolean withMins(GgmlType type) {
    return type == GgmlType.Q4_1 || type == GgmlType.Q5_1;
  }

  /** Bytes of one chunk (32 rows by 32 columns) of a {@code type} matrix in this layout. */
  static long chunkBytes(GgmlType type) {
    return withMins(type) ? CHUNK_BYTES_WITH_MINS : CHUNK_BYTES;
  }

  /** Bytes of one group (32 rows) of a {@code type} matrix of {@code cols} columns here. */
  public static long groupBytes(GgmlType type, int cols) {
    return cols / BLOCK * chunkBytes(type);
  }

  private Q8LaneLayout() {}

  /**
   * Reads one row as Q8_0 codes and fp16 scales (and offsets), for {@link #regroup(SegmentTensor,
   * Arena, Supplier)}. Not shared between threads: {@link LaneGroups#build} asks one of each.
   */
  @FunctionalInterface
  public interface RowReader {
    /**
     * Row {@code row}'s codes, one per column, into {@code codes}, each block's fp16 scale (its
     * bits) into {@code scales}, and for types {@link #withMins} each block's fp16 offset into
     * {@code mins} (left alone for the others).
     */
    void read(int row, byte[] codes, short[] scales, short[] mins);
  }

  /**
   * {@code w} (Q8_0) with its rows regrouped into segments of {@code arena} (shared), one per
   * group, built by {@link LaneGroups#build}.
   *
   * @throws IllegalArgumentException if {@code w} is not Q8_0, its columns are not whole blocks of
   *     32, or its segment is shorter than its rows
   */
  public static LaneGroupedTensor regroup(SegmentTensor w, Arena arena) {
    if (w.type() != GgmlType.Q8_0) {
      throw new IllegalArgumentException(w.name() + " is " + w.type() + ", not Q8_0");
    }
    long rowBytes = GgmlType.Q8_0.byteSize(w.cols());
    int blocks = w.cols() / BLOCK;
    return regroup(w, arena, () -> {
      byte[] row = new byte[(int) rowBytes]; // one copy a row: a copy a block cost more
      return (r, codes, scales, mins) -> {
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
   * block's scale times a small integer (Q5_0's {@code q5 - 16}; Q5_1's {@code q5}, plus the
   * block's offset), whose codes are then Q8_0 codes: the copy holds a byte a code, 1.55x and 1.50x
   * those files' bytes (see benchmarks/README.md, "Q4_0 and Q5_0 as Q8_0 lanes", "Q4_1 and Q5_1 as
   * Q8_0 lanes").
   *
   * @throws IllegalArgumentException if {@code w} is not Q8_0, Q5_0 or Q5_1, its columns are not
   *     whole blocks of 32, or its segment is shorter than its rows
   */
  public static LaneGroupedTensor regroup(SegmentTensor w, Arena arena,
      Supplier<RowReader> readers) {
    int rows = w.rows();
    int cols = w.cols();
    GgmlType type = w.type();
    if (type != GgmlType.Q8_0 && type != GgmlType.Q5_0 && type != GgmlType.Q5_1) {
      throw new IllegalArgumentException(w.name() + " is " + type + ", not Q8_0, Q5_0 or Q5_1");
    }
    LaneGroups.checkRows(w, BLOCK);
    long rowBytes = type.byteSize(cols);
    int blocks = cols / BLOCK;
    long chunkBytes = chunkBytes(type);
    boolean mins = withMins(type);
    MemorySegment[] groups = LaneGroups.build(rows, groupBytes(type, cols), arena, () -> {
      RowReader reader = readers.get();
      byte[] codes = new byte[cols];
      short[] scales = new short[blocks];
      short[] offsets = new short[blocks];
      return (g, bytes) -> {
        for (int r = 0; r < ROWS && g * ROWS + r < rows; r++) {
          reader.read(g * ROWS + r, codes, scales, offsets);
          for (int b = 0; b < blocks; b++) {
            int chunk = (int) (b * chunkBytes);
            interleave(codes, scales[b], b, r, bytes, chunk);
            if (mins) {
              half(offsets[b], r, bytes, chunk + (int) M);
            }
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
    half(scale, r, bytes, chunk + (int) D);
  }

  /**
   * Row {@code r}'s fp16 value {@code bits} into the 32 halves from {@code bytes[at]}, the even
   * rows' 16 first (row {@code r} at half {@code r / 2}), then the odd rows'.
   */
  private static void half(short bits, int r, byte[] bytes, int at) {
    int to = at + (r % 2 == 0 ? 0 : ROWS) + (r & ~1); // 2 bytes a row
    bytes[to] = (byte) bits;
    bytes[to + 1] = (byte) (bits >> 8);
  }
}
