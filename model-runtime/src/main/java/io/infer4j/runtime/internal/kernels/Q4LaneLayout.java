package io.infer4j.runtime.internal.kernels;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q4_0 and Q4_1 rows regrouped {@link #ROWS} at a time so that a vector lane holds a row ({@link
 * Q4LaneDots}), their nibbles kept packed as the file packs them. A group's block {@code b} (32
 * columns of 32 rows) is one chunk of {@link #chunkBytes}, exactly the bytes of the 32 rows'
 * blocks in the file (576 for Q4_0, 640 for Q4_1): byte {@code l} of row {@code r}'s block ({@code
 * l < 16}; as in {@code block_q4_0} and {@code block_q4_1}, code {@code l} in its low nibble, code
 * {@code l + 16} in its high) at {@code 32l + r}, then the rows' fp16 scales {@code d} in row
 * order from {@link #D}, and for Q4_1 their fp16 offsets {@code m} likewise from {@link #M}. (The
 * scales of a group kept apart from its codes, read in a pass of their own or in the same loop,
 * decoded 0.7-0.8x as fast: benchmarks/README.md, "Q4_0 in nibble lanes".) The last group of a
 * matrix whose row count is not a multiple of 32 is padded with zero bytes (codes, scales and
 * offsets 0: those rows come out 0 and are not written). Stateless.
 */
public final class Q4LaneLayout {
  static final int ROWS = LaneGroupedTensor.ROWS;
  static final int BLOCK = Q8Activations.BLOCK;
  /** Nibble bytes a row holds per block. */
  static final int PACKED = BLOCK / 2;
  /** Byte offset, in a chunk, of the 32 rows' fp16 scales (rows 0-15, then 16-31). */
  static final long D = (long) PACKED * ROWS;
  /** Byte offset, in a Q4_1 chunk, of the 32 rows' fp16 offsets (rows 0-15, then 16-31). */
  static final long M = D + 2L * ROWS;

  private Q4LaneLayout() {}

  /** Bytes of one chunk (32 rows by 32 columns) of a Q4_0 or Q4_1 matrix: its bytes in the file. */
  static long chunkBytes(GgmlType type) {
    return type == GgmlType.Q4_1 ? M + 2L * ROWS : M;
  }

  /** Bytes of one group (32 rows) of a Q4_0 or Q4_1 matrix of {@code cols} columns here. */
  public static long groupBytes(GgmlType type, int cols) {
    return cols / BLOCK * chunkBytes(type);
  }

  /**
   * {@code w} (Q4_0 or Q4_1) with its rows regrouped into segments of {@code arena} (shared), one
   * per group, built by {@link LaneGroups#build}.
   *
   * @throws IllegalArgumentException if {@code w} is not Q4_0 or Q4_1, its columns are not whole
   *     blocks of 32, or its segment is shorter than its rows
   */
  public static LaneGroupedTensor regroup(SegmentTensor w, Arena arena) {
    int rows = w.rows();
    int cols = w.cols();
    GgmlType type = w.type();
    if (type != GgmlType.Q4_0 && type != GgmlType.Q4_1) {
      throw new IllegalArgumentException(w.name() + " is " + type + ", not Q4_0 or Q4_1");
    }
    LaneGroups.checkRows(w, BLOCK);
    long rowBytes = type.byteSize(cols);
    int blocks = cols / BLOCK;
    long chunkBytes = chunkBytes(type);
    int blockBytes = type.blockBytes(); // d, (m,) 16 nibble bytes
    MemorySegment[] groups = LaneGroups.build(rows, groupBytes(type, cols), arena, () -> {
      byte[] row = new byte[(int) rowBytes];
      return (g, bytes) -> {
        for (int r = 0; r < ROWS && g * ROWS + r < rows; r++) {
          MemorySegment.copy(w.segment(), ValueLayout.JAVA_BYTE, (g * ROWS + r) * rowBytes, row,
              0, row.length);
          for (int b = 0; b < blocks; b++) {
            interleave(row, b * blockBytes, blockBytes, r, bytes, (int) (b * chunkBytes));
          }
        }
      };
    });
    return new LaneGroupedTensor(w, groups);
  }

  /**
   * Row {@code r}'s block at {@code row[from ..]} (the row's bytes as the file holds them, {@code
   * blockBytes} a block: 18 for Q4_0, 20 for Q4_1 with its offset after the scale), into the chunk
   * at {@code bytes[chunk ..]}. A method of its own, called for every block, so that the JIT
   * compiles it early in a load.
   */
  private static void interleave(byte[] row, int from, int blockBytes, int r, byte[] bytes,
      int chunk) {
    int codes = from + blockBytes - PACKED;
    for (int l = 0; l < PACKED; l++) {
      bytes[chunk + l * ROWS + r] = row[codes + l];
    }
    bytes[chunk + (int) D + 2 * r] = row[from];
    bytes[chunk + (int) D + 2 * r + 1] = row[from + 1];
    if (codes > from + 2) { // Q4_1: the offset m
      bytes[chunk + (int) M + 2 * r] = row[from + 2];
      bytes[chunk + (int) M + 2 * r + 1] = row[from + 3];
    }
  }
}
