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
 * 32 rows) is one chunk of {@link #CHUNK_BYTES}: code {@code j} of row {@code r} at {@code 32j +
 * r} ({@code j < 32}), then row {@code r}'s scale {@code d} as a float at {@link #D} {@code + 4r}
 * (fp16 in the file, exactly representable): 1,152 bytes for 32 rows' 1,088 (5.9% more; the
 * scales kept as fp16 and widened in lanes once a group, a pass before its products, decoded
 * slower: 0.84-0.99x in five alternating pairs, 2026-12-06). The last
 * group of a matrix whose row count is not a multiple of 32 is padded with zero bytes (codes and
 * scales 0). Stateless.
 */
public final class Q8LaneLayout {
  static final int ROWS = LaneGroupedTensor.ROWS;
  static final int BLOCK = Q8Activations.BLOCK;
  static final long D = (long) BLOCK * ROWS;
  static final long CHUNK_BYTES = D + 4L * ROWS;

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
      byte[] block = new byte[Q8Activations.BLOCK_BYTES];
      return (g, bytes) -> {
        for (int r = 0; r < ROWS && g * ROWS + r < rows; r++) {
          for (int b = 0; b < blocks; b++) {
            long at = (long) (g * ROWS + r) * rowBytes + (long) b * block.length;
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, at, block, 0, block.length);
            int chunk = (int) (b * CHUNK_BYTES);
            for (int j = 0; j < BLOCK; j++) {
              bytes[chunk + j * ROWS + r] = block[2 + j];
            }
            LaneGroups.putFloat(bytes, chunk + (int) D + 4 * r,
                Float.float16ToFloat((short) ((block[0] & 0xFF) | block[1] << 8)));
          }
        }
      };
    });
    return new LaneGroupedTensor(w, groups);
  }
}
