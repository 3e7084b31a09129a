package io.infer4j.runtime.internal.kernels;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q8_0 rows regrouped {@link #ROWS} at a time so that a vector lane holds a row ({@link
 * Q8LaneDots}), as {@code Q4KLaneLayout} does for Q4_K. A group's block {@code b} (32 columns of
 * 32 rows) is one chunk of {@link #CHUNK_BYTES}, exactly the bytes of the 32 rows' blocks in the
 * file (1,088): code {@code j} of row {@code r} at {@code 32j + r} ({@code j < 32}), then the rows'
 * fp16 scales {@code d} as in the file, the even rows' ({@code 0, 2, ..., 30}) at {@link #D}
 * {@code + r}, the odd rows' at {@link #D_ODD} {@code + (r - 1)}: the kernel sums even and odd
 * rows in the two halves of 32-bit lanes. (Scales kept as floats, 1,152 bytes a chunk, decoded
 * 0.93x llama.cpp's speed in three rounds where decode reads memory as fast as it can, about
 * 1,088 / 1,152 = 0.94: see benchmarks/README.md, "Q8_0 groups the size of the file".) The last
 * group of a matrix whose row count is not a multiple of 32 is padded with zero bytes (codes and
 * scales 0). Stateless.
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
   * {@code w} (Q8_0) with its rows regrouped into segments of {@code arena} (shared), one per
   * group, built by {@link LaneGroups#build}.
   *
   * @throws IllegalArgumentException if {@code w} is not Q8_0 or its segment is shorter than its
   *     rows
   */
  public static LaneGroupedTensor regroup(SegmentTensor w, Arena arena) {
    int rows = w.rows();
    int cols = w.cols();
    if (w.type() != GgmlType.Q8_0) {
      throw new IllegalArgumentException(w.name() + " is " + w.type() + ", not Q8_0");
    }
    long rowBytes = GgmlType.Q8_0.byteSize(cols);
    if (w.segment().byteSize() < rows * rowBytes) {
      throw new IllegalArgumentException("a " + rows + "x" + cols + " Q8_0 matrix needs "
          + rows * rowBytes + " bytes, " + w.name() + "'s segment holds " + w.segment().byteSize());
    }
    MemorySegment src = w.segment();
    int blocks = cols / BLOCK;
    MemorySegment[] groups = LaneGroups.build(rows, blocks * CHUNK_BYTES, arena, () -> {
      byte[] row = new byte[(int) rowBytes]; // one copy a row: a copy a block cost more
      return (g, bytes) -> {
        for (int r = 0; r < ROWS && g * ROWS + r < rows; r++) {
          MemorySegment.copy(src, ValueLayout.JAVA_BYTE, (g * ROWS + r) * rowBytes, row, 0,
              row.length);
          for (int b = 0; b < blocks; b++) {
            interleave(row, b * Q8Activations.BLOCK_BYTES, r, bytes, (int) (b * CHUNK_BYTES));
          }
        }
      };
    });
    return new LaneGroupedTensor(w, groups);
  }

  /**
   * Row {@code r}'s block, the 34 bytes of {@code row} from {@code at}, into the chunk at {@code
   * bytes[chunk ..]}. A method of its own, called for every block, so that the JIT compiles it
   * early in a load (a loop inside the writer waited for on-stack replacement).
   */
  private static void interleave(byte[] row, int at, int r, byte[] bytes, int chunk) {
    for (int j = 0; j < BLOCK; j++) {
      bytes[chunk + j * ROWS + r] = row[at + 2 + j];
    }
    int scale = chunk + (int) (r % 2 == 0 ? D : D_ODD) + (r & ~1); // 2 bytes a row
    bytes[scale] = row[at];
    bytes[scale + 1] = row[at + 1];
  }
}
