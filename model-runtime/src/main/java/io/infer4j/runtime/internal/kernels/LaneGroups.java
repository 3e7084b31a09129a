package io.infer4j.runtime.internal.kernels;

import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Builds the groups of a {@link LaneGroupedTensor}, the part every regrouped layout shares: one
 * segment per group of 32 rows, each written into a zeroed array by the layout's {@link Writer},
 * then copied into its segment by the {@link RowPool} thread that wrote it, so the first-touch page
 * faults of the fresh memory are spread over the threads. The segments are slices of one mapping
 * of the matrix's size where {@link HugePageMemory} can map memory (huge pages, fewer faults: see
 * there), else each is allocated from the arena by the thread that fills it (when one thread
 * allocated a matrix in one piece, its zeroing and faults took 1.0 s of 2.1 s for a 0.6 GB Q4_K
 * file on a 2-core VM). Stateless.
 */
public final class LaneGroups {
  /** Each group starts at a multiple of this many bytes: a cache line. */
  static final long ALIGNMENT = 64;

  private LaneGroups() {}

  /** Writes one group of a layout. Not shared between threads: each gets its own. */
  @FunctionalInterface
  public interface Writer {
    /** Group {@code group} (rows {@code 32 group ..}) into {@code bytes}, zeroed beforehand. */
    void write(int group, byte[] bytes);
  }

  /**
   * Checks that {@code w}'s rows are whole blocks of {@code block} columns and that its segment
   * holds them all, before a layout regroups it.
   *
   * @throws IllegalArgumentException naming {@code w}, its shape and what is wrong
   */
  public static void checkRows(SegmentTensor w, int block) {
    int rows = w.rows();
    int cols = w.cols();
    if (cols % block != 0) {
      throw new IllegalArgumentException(w.name() + " is " + rows + "x" + cols + ": " + w.type()
          + " rows are whole blocks of " + block);
    }
    long rowBytes = w.type().byteSize(cols);
    if (w.segment().byteSize() < rows * rowBytes) {
      throw new IllegalArgumentException("a " + rows + "x" + cols + " " + w.type()
          + " matrix needs " + rows * rowBytes + " bytes, " + w.name() + "'s segment holds "
          + w.segment().byteSize());
    }
  }

  /**
   * The groups of a matrix of {@code rows} rows, {@code groupBytes} each, in segments of {@code
   * arena}, which must be shared (the threads allocate in it, and the kernels read it from them).
   *
   * @throws IllegalArgumentException if {@code rows} is negative or a group would not fit an array
   */
  public static MemorySegment[] build(int rows, long groupBytes, Arena arena,
      Supplier<Writer> writers) {
    if (rows < 0 || groupBytes <= 0 || groupBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "cannot build groups of " + groupBytes + " bytes for " + rows + " rows");
    }
    MemorySegment[] groups = new MemorySegment[LaneGroupedTensor.groups(rows)];
    long stride = (groupBytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    MemorySegment mapped = HugePageMemory.allocate(stride * groups.length, arena);
    RowPool.forRows(groups.length, 1, (from, to) -> {
      Writer writer = writers.get();
      byte[] bytes = new byte[(int) groupBytes];
      for (int g = from; g < to; g++) {
        Arrays.fill(bytes, (byte) 0);
        writer.write(g, bytes);
        MemorySegment group = mapped != null ? mapped.asSlice(g * stride, groupBytes)
            : arena.allocate(groupBytes, ALIGNMENT);
        MemorySegment.copy(bytes, 0, group, ValueLayout.JAVA_BYTE, 0, bytes.length);
        groups[g] = group;
      }
    });
    return groups;
  }

  /** {@code value}'s bits, little-endian, at {@code bytes[at .. at + 4)}. */
  public static void putFloat(byte[] bytes, int at, float value) {
    int bits = Float.floatToRawIntBits(value);
    for (int k = 0; k < 4; k++) {
      bytes[at + k] = (byte) (bits >>> (8 * k));
    }
  }
}
