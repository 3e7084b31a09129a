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
 *   <li>{@link #MINS}: Q5_K's 6-bit min of 32 elements {@code j} at {@code 32j + r} (0 for Q6_K);
 *   <li>{@link #D}, {@link #DMIN}: row {@code r}'s {@code d} and {@code dmin} as floats at
 *       {@code 4r} ({@code dmin} 0 for Q6_K).
 * </ul>
 *
 * 288 bytes a row and super-block, against the file's 176 (Q5_K: 64% more) and 210 (Q6_K: 37%
 * more). The last group of a matrix whose row count is not a multiple of 32 is padded with zero
 * bytes. Stateless.
 */
final class KLaneLayout {
  static final int ROWS = LaneGroupedTensor.ROWS;
  static final int SUPER_BLOCK = Q8KQuantizer.BLOCK; // QK_K
  static final long SCALES = (long) SUPER_BLOCK * ROWS;
  static final long MINS = SCALES + 16L * ROWS;
  static final long D = MINS + 8L * ROWS;
  static final long DMIN = D + 4L * ROWS;
  static final long CHUNK_BYTES = DMIN + 4L * ROWS;

  private KLaneLayout() {}

  /** Whether this layout takes rows of {@code type}. */
  private static boolean handles(GgmlType type) {
    return type == GgmlType.Q5_K || type == GgmlType.Q6_K;
  }

  /**
   * {@code w} with its rows regrouped into segments of {@code arena} (shared), one per group,
   * built by {@link LaneGroups#build}.
   *
   * @throws IllegalArgumentException if {@code w} is not Q5_K or Q6_K, or its segment is shorter
   *     than its rows
   */
  static LaneGroupedTensor regroup(SegmentTensor w, Arena arena) {
    if (!handles(w.type())) {
      throw new IllegalArgumentException(w.name() + " is " + w.type() + ", not Q5_K or Q6_K");
    }
    int rows = w.rows();
    int cols = w.cols();
    long rowBytes = w.type().byteSize(cols);
    if (w.segment().byteSize() < rows * rowBytes) {
      throw new IllegalArgumentException("a " + rows + "x" + cols + " " + w.type()
          + " matrix needs " + rows * rowBytes + " bytes, " + w.name() + "'s segment holds "
          + w.segment().byteSize());
    }
    int blocks = cols / SUPER_BLOCK;
    MemorySegment[] groups = LaneGroups.build(rows, blocks * CHUNK_BYTES, arena, () -> {
      QuantRow row = new QuantRow(w.type(), cols, false);
      return (g, bytes) -> {
        for (int r = 0; r < ROWS && g * ROWS + r < rows; r++) {
          row.read(w, g * ROWS + r);
          for (int i = 0; i < blocks; i++) {
            interleave(row, i, r, bytes, (int) (i * CHUNK_BYTES));
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
    for (int j = 0; j < 16; j++) {
      bytes[chunk + (int) SCALES + j * ROWS + r] = (byte) row.scale[i * 16 + j];
    }
    if (row.type() == GgmlType.Q5_K) {
      for (int j = 0; j < 8; j++) {
        bytes[chunk + (int) MINS + j * ROWS + r] = (byte) row.min[i * 8 + j];
      }
      LaneGroups.putFloat(bytes, chunk + (int) DMIN + 4 * r, row.m[i]);
    }
    LaneGroups.putFloat(bytes, chunk + (int) D + 4 * r, row.d[i]);
  }
}
