package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.internal.kernels.LaneGroups;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Q5_K and Q6_K rows regrouped {@link #ROWS} at a time with their codes unpacked, one byte each,
 * so that a vector lane holds a row ({@link KLaneDots}): the codes as {@link QuantRow} gives them
 * (Q5_K {@code 0..31}, Q6_K {@code q6 - 32}, so no offset is left to subtract), which makes both
 * types one kernel and spares it the bit picking of the packed forms. A group's super-block
 * {@code i} (256 columns of 32 rows) is one chunk of {@link #CHUNK_BYTES}:
 *
 * <ul>
 *   <li>{@code [0, 8192)}: the code of element {@code e} of row {@code r} at {@code 32e + r};
 *   <li>{@link #SCALES}: the scale of element {@code e}'s 16 ({@code e / 16}) at {@code 32(e / 16)
 *       + r}, signed (Q6_K's are int8; Q5_K's 6-bit scale of 32 elements appears twice);
 *   <li>Q5_K: {@link #MINS}, its 6-bit min of 32 elements {@code j} at {@code 32j + r}; then row
 *       {@code r}'s {@code d} and {@code dmin} as floats at {@link #d d(true)} {@code + 4r} and
 *       {@link #DMIN} {@code + 4r};
 *   <li>Q6_K, which has no mins: row {@code r}'s {@code d} as a float at {@link #d d(false)}
 *       {@code + 4r}, right after the scales.
 * </ul>
 *
 * 288 bytes a row and super-block for Q5_K against the file's 176 (64% more), 276 for Q6_K against
 * 210 (31% more; 37% while Q6_K chunks kept Q5_K's room for mins). The last group of a matrix
 * whose row count is not a multiple of 32 is padded with zero bytes. Stateless.
 */
final class KLaneLayout {
  static final int ROWS = LaneGroupedTensor.ROWS;
  static final int SUPER_BLOCK = Q8KQuantizer.BLOCK; // QK_K
  static final long SCALES = (long) SUPER_BLOCK * ROWS;
  /** Q5_K's mins; Q6_K's {@code d} starts here instead. */
  static final long MINS = SCALES + 16L * ROWS;
  /** Q5_K's {@code dmin}. */
  static final long DMIN = MINS + 12L * ROWS;

  /** Where a chunk's {@code d} starts: after Q5_K's mins ({@code mins}), else after the scales. */
  static long d(boolean mins) {
    return mins ? MINS + 8L * ROWS : MINS;
  }

  /** Bytes of one group (32 rows) of a Q5_K or Q6_K matrix of {@code cols} columns here. */
  static long groupBytes(GgmlType type, int cols) {
    return cols / SUPER_BLOCK * chunkBytes(type == GgmlType.Q5_K);
  }

  /** The bytes of a chunk of Q5_K ({@code mins}) or Q6_K rows. */
  static long chunkBytes(boolean mins) {
    return mins ? DMIN + 4L * ROWS : d(false) + 4L * ROWS;
  }

  private KLaneLayout() {}

  /** Whether this layout takes rows of {@code type}. */
  private static boolean handles(GgmlType type) {
    return type == GgmlType.Q5_K || type == GgmlType.Q6_K;
  }

  /**
   * {@code w} with its rows regrouped into segments of {@code arena} (shared), one per group,
   * built by {@link LaneGroups#build}.
   *
   * @throws IllegalArgumentException if {@code w} is not Q5_K or Q6_K, its columns are not whole
   *     super-blocks of 256, or its segment is shorter than its rows
   */
  static LaneGroupedTensor regroup(SegmentTensor w, Arena arena) {
    if (!handles(w.type())) {
      throw new IllegalArgumentException(w.name() + " is " + w.type() + ", not Q5_K or Q6_K");
    }
    int rows = w.rows();
    int cols = w.cols();
    LaneGroups.checkRows(w, SUPER_BLOCK);
    int blocks = cols / SUPER_BLOCK;
    long chunkBytes = chunkBytes(w.type() == GgmlType.Q5_K);
    MemorySegment[] groups = LaneGroups.build(rows, groupBytes(w.type(), cols), arena, () -> {
      QuantRow row = new QuantRow(w.type(), cols, false);
      return (g, bytes) -> {
        for (int r = 0; r < ROWS && g * ROWS + r < rows; r++) {
          row.read(w, g * ROWS + r);
          for (int i = 0; i < blocks; i++) {
            interleave(row, i, r, bytes, (int) (i * chunkBytes));
          }
        }
      };
    });
    return new LaneGroupedTensor(w, groups);
  }

  /** Super-block {@code i} of {@code row} as row {@code r} of the chunk at {@code bytes[chunk ..]}. */
  private static void interleave(QuantRow row, int i, int r, byte[] bytes, int chunk) {
    for (int e = 0; e < SUPER_BLOCK; e++) {
      bytes[chunk + e * ROWS + r] = row.q[i * SUPER_BLOCK + e];
    }
    interleaveScales(row, i, r, bytes, chunk);
  }

  /**
   * Super-block {@code i}'s scales (and Q5_K's mins and {@code dmin}) and {@code d} of {@code row}
   * as row {@code r}'s at this layout's offsets from {@code base} ({@link #SCALES} on), which
   * {@link Q5KPackedLayout} shares, its chunk's {@code base} {@link Q5KPackedLayout#TAIL_SHIFT}
   * bytes before it.
   */
  static void interleaveScales(QuantRow row, int i, int r, byte[] bytes, int base) {
    for (int j = 0; j < 16; j++) {
      bytes[base + (int) SCALES + j * ROWS + r] = (byte) row.scale[i * 16 + j];
    }
    boolean mins = row.type() == GgmlType.Q5_K;
    if (mins) {
      for (int j = 0; j < 8; j++) {
        bytes[base + (int) MINS + j * ROWS + r] = (byte) row.min[i * 8 + j];
      }
      LaneGroups.putFloat(bytes, base + (int) DMIN + 4 * r, row.m[i]);
    }
    LaneGroups.putFloat(bytes, base + (int) d(mins) + 4 * r, row.d[i]);
  }
}
