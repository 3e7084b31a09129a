package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.internal.kernels.LaneGroups;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q4_K rows regrouped {@link #ROWS} at a time so that a vector lane holds a row ({@link
 * Q4KLaneDots}): the layout llama.cpp's CPU backend calls "repacked" ({@code block_q4_Kx8}, eight
 * rows interleaved for its GEMV), here 32 rows wide for 512-bit vectors of shorts and with the
 * scales unpacked. A group's super-block {@code i} (256 columns of 32 rows) is one chunk of {@link
 * #CHUNK_BYTES}:
 *
 * <ul>
 *   <li>{@code [0, 4096)}: nibble byte {@code p} ({@code p < 128}, as in {@code block_q4_K}: byte
 *       {@code 32g + l} holds code {@code 64g + l} low and {@code 64g + 32 + l} high) of row {@code
 *       r} at {@code 32p + r};
 *   <li>{@link #SCALES}: the 6-bit scale of sub-block {@code j} of row {@code r} as a byte at
 *       {@code 32j + r}; {@link #MINS}: its min, likewise;
 *   <li>{@link #D}: row {@code r}'s {@code d} as a float at {@code 4r}; {@link #DMIN}: its {@code
 *       dmin}, likewise (fp16 in the file, exactly representable).
 * </ul>
 *
 * 4,864 bytes for 32 rows' 4,608 (5.6% more). A matrix whose row count is not a multiple of 32 has
 * its last group padded with zero bytes: codes, scales and {@code d} of 0, so padding rows come
 * out 0 and are not written. Immutable once {@link #regroup built}.
 */
final class Q4KLaneLayout {
  /** Rows per group: one per 16-bit lane of a 512-bit vector. */
  static final int ROWS = LaneGroupedTensor.ROWS;

  static final int SUPER_BLOCK = Q8KQuantizer.BLOCK; // QK_K
  static final long SCALES = 128L * ROWS;
  static final long MINS = SCALES + 8L * ROWS;
  static final long D = MINS + 8L * ROWS;
  static final long DMIN = D + 4L * ROWS;
  static final long CHUNK_BYTES = DMIN + 4L * ROWS;

  private static final long BLOCK_BYTES = GgmlType.Q4_K.blockBytes();

  private Q4KLaneLayout() {}

  /** Bytes of one group (32 rows) of a Q4_K matrix of {@code cols} columns here. */
  static long groupBytes(int cols) {
    return cols / SUPER_BLOCK * CHUNK_BYTES;
  }

  /**
   * {@code w} (Q4_K) with its rows regrouped into segments of {@code arena} (shared), one per
   * group, built by {@link LaneGroups#build}.
   *
   * @throws IllegalArgumentException if {@code w} is not Q4_K, its columns are not a multiple of
   *     256, or its segment is shorter than its rows
   */
  static LaneGroupedTensor regroup(SegmentTensor w, Arena arena) {
    int rows = w.rows();
    int cols = w.cols();
    if (w.type() != GgmlType.Q4_K) {
      throw new IllegalArgumentException("lane groups of Q4_K need a Q4_K matrix: " + w.name()
          + " is " + w.type() + " " + rows + "x" + cols);
    }
    LaneGroups.checkRows(w, SUPER_BLOCK);
    long rowBytes = cols / SUPER_BLOCK * BLOCK_BYTES;
    MemorySegment src = w.segment();
    MemorySegment[] groups = LaneGroups.build(rows, groupBytes(cols), arena, () -> {
      byte[] row = new byte[(int) rowBytes]; // one copy a row: a copy a block cost more
      return (g, bytes) -> {
        for (int r = 0; r < ROWS && g * ROWS + r < rows; r++) {
          MemorySegment.copy(src, ValueLayout.JAVA_BYTE, (g * ROWS + r) * rowBytes, row, 0,
              row.length);
          for (int i = 0; i < cols / SUPER_BLOCK; i++) {
            interleave(row, (int) (i * BLOCK_BYTES), r, bytes, (int) (i * CHUNK_BYTES));
          }
        }
      };
    });
    return new LaneGroupedTensor(w, groups);
  }

  /**
   * Row {@code r}'s super-block, the 144 bytes of {@code row} from {@code at}, into the chunk at
   * {@code bytes[chunk ..]}.
   */
  private static void interleave(byte[] row, int at, int r, byte[] bytes, int chunk) {
    for (int p = 0; p < 128; p++) {
      bytes[chunk + p * ROWS + r] = row[at + 16 + p];
    }
    long low = 0;
    for (int k = 7; k >= 0; k--) {
      low = low << 8 | (row[at + 4 + k] & 0xFF);
    }
    int high = 0;
    for (int k = 3; k >= 0; k--) {
      high = high << 8 | (row[at + 12 + k] & 0xFF);
    }
    long scales = K4Int8Rows.scales(low, high);
    long mins = K4Int8Rows.mins(low, high);
    for (int j = 0; j < 8; j++) {
      bytes[chunk + (int) SCALES + j * ROWS + r] = (byte) (scales >>> (8 * j));
      bytes[chunk + (int) MINS + j * ROWS + r] = (byte) (mins >>> (8 * j));
    }
    LaneGroups.putFloat(bytes, chunk + (int) D + 4 * r, Float.float16ToFloat(half(row, at)));
    LaneGroups.putFloat(bytes, chunk + (int) DMIN + 4 * r, Float.float16ToFloat(half(row, at + 2)));
  }

  private static short half(byte[] bytes, int at) {
    return (short) ((bytes[at] & 0xFF) | bytes[at + 1] << 8);
  }
}
