package io.infer4j.runtime.internal.tensor;

import java.util.Optional;

/**
 * Tensor element types this runtime reads, with GGML's type ids and block layouts. A block holds
 * {@link #blockSize()} elements in {@link #blockBytes()} bytes; a row's length must be a multiple
 * of the block size.
 */
public enum GgmlType {
  /** IEEE float32, one element per 4 bytes. */
  F32(0, 1, 4),
  /** IEEE float16 (half), one element per 2 bytes. */
  F16(1, 1, 2),
  /** 32 elements: fp16 scale d, then 16 bytes of 4-bit values; value = (nibble - 8) * d. */
  Q4_0(2, 32, 2 + 16),
  /** 32 elements: fp16 scale d and minimum m, then 16 bytes of nibbles; value = nibble * d + m. */
  Q4_1(3, 32, 2 + 2 + 16),
  /** 32 elements: fp16 d, 32 high bits, 16 bytes of low nibbles; value = (q5 - 16) * d. */
  Q5_0(6, 32, 2 + 4 + 16),
  /** 32 elements: fp16 d and m, 32 high bits, 16 bytes of low nibbles; value = q5 * d + m. */
  Q5_1(7, 32, 2 + 2 + 4 + 16),
  /** 32 elements: fp16 scale d, then 32 int8 values; value = q * d. */
  Q8_0(8, 32, 2 + 32),
  /**
   * K-quant super-block of 256: fp16 d and dmin, 12 bytes of eight 6-bit scale/min pairs, 128
   * bytes of nibbles; value = d * scale * nibble - dmin * min (per 32-element sub-block).
   */
  Q4_K(12, 256, 2 + 2 + 12 + 128),
  /** As {@link #Q4_K} with a fifth bit per element from 32 extra bytes. */
  Q5_K(13, 256, 2 + 2 + 12 + 32 + 128),
  /**
   * K-quant super-block of 256: 128 bytes of low nibbles, 64 bytes of high 2-bit pairs, sixteen
   * int8 scales, fp16 d; value = d * scale * (q6 - 32) (per 16-element sub-block).
   */
  Q6_K(14, 256, 128 + 64 + 16 + 2),
  /** bfloat16: the top 16 bits of a float32. */
  BF16(30, 1, 2);

  private final int id;
  private final int blockSize;
  private final int blockBytes;

  GgmlType(int id, int blockSize, int blockBytes) {
    this.id = id;
    this.blockSize = blockSize;
    this.blockBytes = blockBytes;
  }

  /** GGML's numeric type id as stored in GGUF tensor infos. */
  public int id() {
    return id;
  }

  /** Elements per block. */
  public int blockSize() {
    return blockSize;
  }

  /** Bytes per block. */
  public int blockBytes() {
    return blockBytes;
  }

  /**
   * Bytes taken by {@code elements} elements, or -1 if the count is not a whole number of blocks or
   * the size overflows a long.
   */
  public long byteSize(long elements) {
    if (elements < 0 || elements % blockSize != 0) {
      return -1;
    }
    try {
      return Math.multiplyExact(elements / blockSize, (long) blockBytes);
    } catch (ArithmeticException e) {
      return -1;
    }
  }

  /** The type with GGML id {@code id}, if this runtime supports it. */
  public static Optional<GgmlType> byId(int id) {
    for (GgmlType t : values()) {
      if (t.id == id) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
