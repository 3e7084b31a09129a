package io.infer4j.runtime.internal.kernels;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q8_0 rows regrouped {@link #ROWS} at a time so that a vector lane holds a row ({@link
 * Q8LaneDots}), as {@code Q4KLaneLayout} does for Q4_K. Q4_0 and Q5_0 rows take the same layout:
 * their values are a block's fp16 scale times {@code nibble - 8} or {@code q5 - 16}, which are
 * Q8_0 codes, so they are unpacked to a byte each and multiplied by the same kernel with the
 * same exact block sums as llama.cpp's {@code vec_dot_q4_0_q8_0} and {@code _q5_0_q8_0} (the copy
 * then holds 1.9x and 1.5x the file's bytes: the price of their decode speed, see
 * benchmarks/README.md, "Q4_0 and Q5_0 as Q8_0 lanes"). A group's block {@code b} (32 columns of
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
   * {@code w} (Q8_0, Q4_0 or Q5_0) with its rows regrouped into segments of {@code arena}
   * (shared), one per group, built by {@link LaneGroups#build}.
   *
   * @throws IllegalArgumentException if {@code w} is not Q8_0, Q4_0 or Q5_0, or its segment is
   *     shorter than its rows
   */
  public static LaneGroupedTensor regroup(SegmentTensor w, Arena arena) {
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
    MemorySegment src = w.segment();
    int blocks = cols / BLOCK;
    int blockBytes = type.blockBytes();
    MemorySegment[] groups = LaneGroups.build(rows, blocks * CHUNK_BYTES, arena, () -> {
      byte[] row = new byte[(int) rowBytes]; // one copy a row: a copy a block cost more
      return (g, bytes) -> {
        for (int r = 0; r < ROWS && g * ROWS + r < rows; r++) {
          MemorySegment.copy(src, ValueLayout.JAVA_BYTE, (g * ROWS + r) * rowBytes, row, 0,
              row.length);
          for (int b = 0; b < blocks; b++) {
            int chunk = (int) (b * CHUNK_BYTES);
            switch (type) {
              case Q4_0 -> interleaveQ4_0(row, b * blockBytes, r, bytes, chunk);
              case Q5_0 -> interleaveQ5_0(row, b * blockBytes, r, bytes, chunk);
              default -> interleave(row, b * blockBytes, r, bytes, chunk);
            }
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
    scale(row, at, r, bytes, chunk);
  }

  /**
   * Row {@code r}'s Q4_0 block, the 18 bytes of {@code row} from {@code at} (fp16 {@code d}, then
   * byte {@code j}'s low nibble element {@code j}, its high nibble element {@code j + 16}), as
   * codes {@code nibble - 8} into the chunk at {@code bytes[chunk ..]}.
   */
  private static void interleaveQ4_0(byte[] row, int at, int r, byte[] bytes, int chunk) {
    for (int j = 0; j < BLOCK / 2; j++) {
      int packed = row[at + 2 + j] & 0xFF;
      bytes[chunk + j * ROWS + r] = (byte) ((packed & 0x0F) - 8);
      bytes[chunk + (j + BLOCK / 2) * ROWS + r] = (byte) ((packed >>> 4) - 8);
    }
    scale(row, at, r, bytes, chunk);
  }

  /**
   * Row {@code r}'s Q5_0 block, the 22 bytes of {@code row} from {@code at} (fp16 {@code d}, a
   * little-endian word whose bit {@code i} is element {@code i}'s fifth bit, then nibbles as in
   * Q4_0), as codes {@code q5 - 16} into the chunk at {@code bytes[chunk ..]}.
   */
  private static void interleaveQ5_0(byte[] row, int at, int r, byte[] bytes, int chunk) {
    int qh = (row[at + 2] & 0xFF) | (row[at + 3] & 0xFF) << 8 | (row[at + 4] & 0xFF) << 16
        | (row[at + 5] & 0xFF) << 24;
    for (int j = 0; j < BLOCK / 2; j++) {
      int packed = row[at + 6 + j] & 0xFF;
      int low = (packed & 0x0F) | ((qh >>> j) & 1) << 4;
      int high = (packed >>> 4) | ((qh >>> (j + BLOCK / 2)) & 1) << 4;
      bytes[chunk + j * ROWS + r] = (byte) (low - 16);
      bytes[chunk + (j + BLOCK / 2) * ROWS + r] = (byte) (high - 16);
    }
    scale(row, at, r, bytes, chunk);
  }

  /** Row {@code r}'s fp16 scale, the 2 bytes of {@code row} at {@code at}, into its chunk. */
  private static void scale(byte[] row, int at, int r, byte[] bytes, int chunk) {
    int scale = chunk + (int) (r % 2 == 0 ? D : D_ODD) + (r & ~1); // 2 bytes a row
    bytes[scale] = row[at];
    bytes[scale + 1] = row[at + 1];
  }
}
