package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;

/**
 * A Q4_K, Q5_K, Q6_K, Q8_0, Q4_0, Q5_0, Q4_1 or Q5_1 matrix that also carries its rows regrouped,
 * 32 rows to a group with a row per vector lane, for the int8 kernels that read them ({@code
 * Q4KLaneLayout} and {@code KLaneLayout} for the K-quants; {@code Q4LaneLayout} for Q4_0 and
 * Q4_1, their nibbles packed; {@code Q8LaneLayout}, which also holds Q5_0 and Q5_1 rows as Q8_0
 * blocks: see {@link #q8Blocks}); the type names the layout. Those kernels multiply the groups;
 * everything else (element reads, row dequantization, other kernels) reads {@code source}, to
 * which this view answers the same. Immutable; the groups live as long as the arena they were
 * built in.
 *
 * @param source the matrix as the file holds it
 * @param groups the same rows regrouped, one segment per group of 32 rows (not copied: callers do
 *     not modify it)
 */
public record LaneGroupedTensor(SegmentTensor source, MemorySegment[] groups)
    implements SegmentTensor {
  /** Rows per group. */
  public static final int ROWS = 32;

  /** The groups a matrix of {@code rows} rows takes: its rows over 32, rounded up. */
  public static int groups(int rows) {
    return (rows + ROWS - 1) / ROWS;
  }

  public LaneGroupedTensor {
    switch (source.type()) {
      case Q4_K, Q5_K, Q6_K, Q8_0, Q4_0, Q5_0, Q4_1, Q5_1 -> { }
      default -> throw new IllegalArgumentException("lane groups hold Q4_K, Q5_K, Q6_K, Q8_0,"
          + " Q4_0, Q5_0, Q4_1 or Q5_1 rows, " + source.name() + " is " + source.type());
    }
    if (groups.length != groups(source.rows())) {
      throw new IllegalArgumentException(source.name() + " has " + source.rows() + " rows: "
          + groups(source.rows()) + " groups of 32, not " + groups.length);
    }
  }

  /**
   * Whether the rows are blocks of 32 that meet activations quantized to Q8_0 ({@code
   * Q8LaneDots} multiplies them): Q8_0, Q5_0 and Q5_1 rows in {@code Q8LaneLayout} (a byte a
   * code, an fp16 scale a block, Q5_1's offsets beside) and Q4_0 and Q4_1 rows in {@code
   * Q4LaneLayout}; the K-quants' super-blocks meet Q8_K activations instead.
   */
  public boolean q8Blocks() {
    return switch (source.type()) {
      case Q8_0, Q4_0, Q5_0, Q4_1, Q5_1 -> true;
      default -> false;
    };
  }

  @Override
  public String name() {
    return source.name();
  }

  @Override
  public GgmlType type() {
    return source.type();
  }

  @Override
  public int rows() {
    return source.rows();
  }

  @Override
  public int cols() {
    return source.cols();
  }

  @Override
  public float get(long index) {
    return source.get(index);
  }

  @Override
  public void readRow(int row, float[] dst, int dstOffset) {
    source.readRow(row, dst, dstOffset);
  }

  @Override
  public MemorySegment segment() {
    return source.segment();
  }
}
