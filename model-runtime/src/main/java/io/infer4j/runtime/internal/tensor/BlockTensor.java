package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A GGML block-quantized tensor read one block at a time: each subclass decodes one block of its
 * type (block {@code k} of the tensor starts at byte {@code k * blockBytes}); rows and single
 * elements are built from that. The layouts follow GGML's {@code block_*} structs
 * (ggml-common.h); every multi-byte field is little-endian.
 */
abstract sealed class BlockTensor extends AbstractTensor
    permits Q4_0Tensor,
        Q8_0Tensor,
        Q4_1Tensor,
        Q5_0Tensor,
        Q5_1Tensor,
        Q4_KTensor,
        Q5_KTensor,
        Q6_KTensor {
  private static final ValueLayout.OfInt I32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final GgmlType type;

  BlockTensor(String name, MemorySegment data, int rows, int cols, GgmlType type) {
    super(name, data, rows, cols, type);
    this.type = type;
  }

  @Override
  public final GgmlType type() {
    return type;
  }

  /**
   * Writes the {@code blockSize} elements of block {@code block} (counted over the whole tensor)
   * to {@code dst[at ..]}.
   */
  abstract void decodeBlock(long block, float[] dst, int at);

  /** Byte offset of block {@code block}. */
  final long blockStart(long block) {
    return block * type.blockBytes();
  }

  /** The unsigned byte at {@code offset}. */
  final int u8(long offset) {
    return data.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
  }

  /** The signed byte at {@code offset}. */
  final int i8(long offset) {
    return data.get(ValueLayout.JAVA_BYTE, offset);
  }

  /** The fp16 at {@code offset}, widened. */
  final float f16(long offset) {
    return Float.float16ToFloat(data.get(Layouts.I16, offset));
  }

  /** The little-endian 32-bit word at {@code offset}. */
  final int u32(long offset) {
    return data.get(I32, offset);
  }

  @Override
  public final float get(long index) {
    Objects.checkIndex(index, size());
    float[] block = new float[type.blockSize()];
    decodeBlock(index / type.blockSize(), block, 0);
    return block[(int) (index % type.blockSize())];
  }

  @Override
  public final void readRow(int row, float[] dst, int dstOffset) {
    checkRow(row, dst, dstOffset);
    int perRow = cols / type.blockSize();
    long first = (long) row * perRow;
    for (int b = 0; b < perRow; b++) {
      decodeBlock(first + b, dst, dstOffset + b * type.blockSize());
    }
  }
}
