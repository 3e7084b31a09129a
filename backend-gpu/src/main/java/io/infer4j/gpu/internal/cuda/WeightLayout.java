package io.infer4j.gpu.internal.cuda;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.Q8_0Tensor;
import io.infer4j.runtime.internal.tensor.TensorView;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The device layouts of weight matrices (see the header of {@code matvec.cu}) and their
 * conversion from GGML's on-disk layouts on upload:
 *
 * <ul>
 *   <li>F32, F16, BF16: as in the file, row-major;
 *   <li>Q8_0 and Q4_0: GGML's interleaved blocks (2-byte scale + 32 or 16 bytes) split into two
 *       buffers, the quants (int8 per element, or 16 nibble bytes per block in GGML's order) and
 *       the fp16 scales, so that every 16-byte load of a warp is aligned and coalesced. Same byte
 *       count as the file.
 * </ul>
 *
 * Stateless and thread-safe.
 */
final class WeightLayout {
  /** Elements per Q8_0 / Q4_0 block. */
  public static final int BLOCK = 32;

  private static final ValueLayout.OfShort LE_SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfFloat LE_FLOAT =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private WeightLayout() {}

  /**
   * Bytes of the device buffers of an {@code elements}-element tensor of {@code type}: {@code
   * [data]} or, for Q8_0 and Q4_0, {@code [quants, scales]}.
   *
   * @throws IllegalArgumentException if a quantized tensor is not a whole number of blocks
   */
  public static long[] deviceBytes(GgmlType type, long elements) {
    return switch (deviceType(type)) {
      case F32 -> new long[] {elements * 4};
      case F16, BF16 -> new long[] {elements * 2};
      case Q8_0 -> new long[] {elements, blocks(elements) * 2};
      case Q4_0 -> new long[] {elements / 2, blocks(elements) * 2};
      default -> throw new AssertionError(type);
    };
  }

  /**
   * The type a tensor of {@code type} has on the device: its own where kernels exist (F32, F16,
   * BF16, Q8_0, Q4_0); F32 otherwise, holding the exact values the CPU path decodes (the other GGML
   * block types, Q4_1, Q5_x and the K-quants, have no CUDA kernels yet: same tokens, more memory).
   */
  public static GgmlType deviceType(GgmlType type) {
    return switch (type) {
      case F32, F16, BF16, Q8_0, Q4_0 -> type;
      default -> GgmlType.F32;
    };
  }

  /** Total of {@link #deviceBytes}. */
  public static long totalDeviceBytes(GgmlType type, long elements) {
    long sum = 0;
    for (long b : deviceBytes(type, elements)) {
      sum += b;
    }
    return sum;
  }

  private static long blocks(long elements) {
    if (elements % BLOCK != 0) {
      throw new IllegalArgumentException(
          elements + " elements are not a whole number of " + BLOCK + "-element blocks");
    }
    return elements / BLOCK;
  }

  /**
   * Splits GGML blocks of a 2-byte fp16 scale and {@code quantBytes} bytes of quants ({@code
   * blocks * (2 + quantBytes)} bytes at {@code ggml}) into {@code quants} ({@code blocks *
   * quantBytes} bytes, GGML's order within a block kept) and {@code scales} ({@code blocks * 2}
   * bytes). Q8_0 has 32 quant bytes per block, Q4_0 16 (two nibbles a byte).
   */
  private static void splitBlocks(MemorySegment ggml, long blocks, int quantBytes,
      MemorySegment quants, MemorySegment scales) {
    long blockBytes = 2 + quantBytes;
    for (long b = 0; b < blocks; b++) {
      long src = b * blockBytes;
      scales.set(LE_SHORT, b * 2, ggml.get(LE_SHORT, src));
      MemorySegment.copy(ggml, src + 2, quants, b * quantBytes, quantBytes);
    }
  }

  /**
   * The device buffers' contents for tensor {@code view}, allocated in {@code arena}.
   *
   * @param ggml the tensor's bytes as stored in its file (GGML layout), or {@code null} to
   *     re-encode from the view (exact for F32, F16, BF16 and Q8_0; Q4_0 needs the bytes)
   * @throws IllegalArgumentException if {@code ggml} has the wrong size, or a Q4_0 tensor comes
   *     without its bytes
   */
  public static List<MemorySegment> image(TensorView view, MemorySegment ggml, Arena arena) {
    GgmlType type = view.type();
    long elements = view.size();
    long[] sizes = deviceBytes(type, elements);
    if (ggml != null && ggml.byteSize() < type.byteSize(elements)) {
      throw new IllegalArgumentException("tensor " + view.name() + " needs "
          + type.byteSize(elements) + " bytes, got " + ggml.byteSize());
    }
    MemorySegment first = arena.allocate(sizes[0], 16);
    if (deviceType(type) != type) {
      encodeFloats(view, GgmlType.F32, first);
      return List.of(first);
    }
    switch (type) {
      case F32, F16, BF16 -> {
        if (ggml != null) {
          MemorySegment.copy(ggml, 0, first, 0, sizes[0]);
        } else {
          encodeFloats(view, type, first);
        }
        return List.of(first);
      }
      case Q8_0 -> {
        MemorySegment scales = arena.allocate(sizes[1], 16);
        if (ggml != null) {
          splitBlocks(ggml, elements / BLOCK, BLOCK, first, scales);
        } else {
          Q8_0Tensor q = (Q8_0Tensor) view;
          for (long b = 0; b < elements / BLOCK; b++) {
            scales.set(LE_SHORT, b * 2, Float.floatToFloat16(q.scale(b)));
            for (int i = 0; i < BLOCK; i++) {
              first.set(ValueLayout.JAVA_BYTE, b * BLOCK + i, q.quant(b, i));
            }
          }
        }
        return List.of(first, scales);
      }
      case Q4_0 -> {
        if (ggml == null) {
          throw new IllegalArgumentException("Q4_0 tensor " + view.name()
              + " can be uploaded only from its file's bytes");
        }
        MemorySegment scales = arena.allocate(sizes[1], 16);
        splitBlocks(ggml, elements / BLOCK, BLOCK / 2, first, scales);
        return List.of(first, scales);
      }
      default -> throw new AssertionError(type);
    }
  }

  /** Writes the view's elements (decoded) as {@code as} (F32, F16 or BF16), row by row. */
  private static void encodeFloats(TensorView view, GgmlType as, MemorySegment out) {
    float[] row = new float[view.cols()];
    long at = 0;
    for (int r = 0; r < view.rows(); r++) {
      view.readRow(r, row, 0);
      for (float f : row) {
        switch (as) {
          case F32 -> {
            out.set(LE_FLOAT, at, f);
            at += 4;
          }
          case F16 -> {
            out.set(LE_SHORT, at, Float.floatToFloat16(f));
            at += 2;
          }
          case BF16 -> {
            out.set(LE_SHORT, at, (short) (Float.floatToRawIntBits(f) >>> 16));
            at += 2;
          }
          default -> throw new AssertionError(as);
        }
      }
    }
  }
}
