package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.internal.kernels.LaneGroups;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Q5_K rows regrouped {@link #ROWS} at a time for {@code KernelMode.GGML} ({@link
 * Q5KPackedQuadDots}, {@link KLaneQuadTiles}), their codes kept at five bits: a group's
 * super-block {@code i} (256 columns of 32 rows) is one chunk of {@link #CHUNK_BYTES}:
 *
 * <ul>
 *   <li>{@code [0, 4096)}: the codes' low four bits as {@link Q4KLaneLayout} holds Q4_K's, nibble
 *       byte {@code p} ({@code p < 128}: byte {@code 32g + q} holds code {@code 64g + q} in its
 *       low nibble and code {@code 64g + 32 + q} in its high one, as {@code block_q5_K}'s {@code
 *       qs}) of row {@code r} at {@code 32p + r};
 *   <li>{@link #FIFTH_BITS}: the codes' fifth bits by quad, byte {@code 8g + l} of row {@code r}
 *       at {@code FIFTH_BITS + 32(8g + l) + r}, its bit {@code k} that of code {@code 64g + 4l +
 *       k} and bit {@code 4 + k} that of code {@code 64g + 32 + 4l + k}: ggml's lane {@code l}'s
 *       quads of sub-blocks {@code 2g} and {@code 2g + 1};
 *   <li>from {@link #TAIL}: {@link KLaneLayout}'s scales (each 6-bit scale of 32 twice, as 16 of
 *       16), mins, {@code d} and {@code dmin}, at that layout's offsets less {@link #TAIL_SHIFT}
 *       ({@link KLaneLayout#interleaveScales}).
 * </ul>
 *
 * 192 bytes a row and super-block against the file's 176 and {@link KLaneLayout}'s 288 (a byte a
 * code), whose reading bound {@code GGML}'s Q5_K decode ({@code benchmarks/README.md}, "Where
 * {@code GGML}'s Q5_K decode time goes"). The last group of a matrix whose row count is not a
 * multiple of 32 is padded with zero bytes. Stateless.
 */
final class Q5KPackedLayout {
  static final int ROWS = LaneGroupedTensor.ROWS;
  static final int SUPER_BLOCK = Q8KQuantizer.BLOCK; // QK_K
  static final long FIFTH_BITS = 128L * ROWS;
  static final long TAIL = FIFTH_BITS + 32L * ROWS;
  /** {@link KLaneLayout}'s offsets of the scales, mins, {@code d} and {@code dmin} less this. */
  static final long TAIL_SHIFT = KLaneLayout.SCALES - TAIL;
  static final long CHUNK_BYTES = KLaneLayout.chunkBytes(true) - TAIL_SHIFT;

  private Q5KPackedLayout() {}

  /** Bytes of one group (32 rows) of a Q5_K matrix of {@code cols} columns here. */
  static long groupBytes(int cols) {
    return cols / SUPER_BLOCK * CHUNK_BYTES;
  }

  /**
   * Whether {@code w}'s groups are in this layout: Q5_K whose groups have this layout's size
   * ({@link KLaneLayout}'s are half as large again).
   */
  static boolean holds(LaneGroupedTensor w) {
    return w.type() == GgmlType.Q5_K && w.groups().length > 0
        && w.groups()[0].byteSize() == groupBytes(w.cols());
  }

  /**
   * {@code w} (Q5_K) with its rows regrouped into segments of {@code arena} (shared), one per
   * group, built by {@link LaneGroups#build}.
   *
   * @throws IllegalArgumentException if {@code w} is not Q5_K, its columns are not whole
   *     super-blocks of 256, or its segment is shorter than its rows
   */
  static LaneGroupedTensor regroup(SegmentTensor w, Arena arena) {
    if (w.type() != GgmlType.Q5_K) {
      throw new IllegalArgumentException(w.name() + " is " + w.type() + ", not Q5_K");
    }
    int rows = w.rows();
    int cols = w.cols();
    LaneGroups.checkRows(w, SUPER_BLOCK);
    MemorySegment[] groups = LaneGroups.build(rows, groupBytes(cols), arena, () -> {
      QuantRow row = new QuantRow(GgmlType.Q5_K, cols, false);
      return (g, bytes) -> {
        for (int r = 0; r < ROWS && g * ROWS + r < rows; r++) {
          row.read(w, g * ROWS + r);
          for (int i = 0; i < cols / SUPER_BLOCK; i++) {
            interleave(row, i, r, bytes, (int) (i * CHUNK_BYTES));
          }
        }
      };
    });
    return new LaneGroupedTensor(w, groups);
  }

  /** Super-block {@code i} of {@code row} (codes 0-31) as row {@code r} of the chunk at {@code
   * chunk}. */
  private static void interleave(QuantRow row, int i, int r, byte[] bytes, int chunk) {
    int e0 = i * SUPER_BLOCK;
    for (int g = 0; g < 4; g++) {
      for (int q = 0; q < 32; q++) {
        int low = row.q[e0 + 64 * g + q];
        int high = row.q[e0 + 64 * g + 32 + q];
        bytes[chunk + (32 * g + q) * ROWS + r] = (byte) ((low & 15) | (high & 15) << 4);
      }
      for (int l = 0; l < 8; l++) {
        int bits = 0;
        for (int k = 0; k < 4; k++) {
          bits |= (row.q[e0 + 64 * g + 4 * l + k] >> 4 & 1) << k;
          bits |= (row.q[e0 + 64 * g + 32 + 4 * l + k] >> 4 & 1) << (4 + k);
        }
        bytes[chunk + (int) FIFTH_BITS + (8 * g + l) * ROWS + r] = (byte) bits;
      }
    }
    KLaneLayout.interleaveScales(row, i, r, bytes, chunk - (int) TAIL_SHIFT);
  }
}
