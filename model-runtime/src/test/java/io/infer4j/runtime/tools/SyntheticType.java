package io.infer4j.runtime.tools;

import io.infer4j.runtime.internal.tensor.GgmlType;

/**
 * The matrix weight types {@link SyntheticGguf} writes (norm weights are always F32), with the
 * fp16 fields of each block and the values they get so that weights have a standard deviation of
 * about 0.02 (every other byte of a block is random).
 */
public enum SyntheticType {
  /** IEEE float16 (GGUF type id 1). */
  F16(GgmlType.F16, 1),
  /** bfloat16, the top half of a float32 (GGUF type id 30). */
  BF16(GgmlType.BF16, 32),
  /** GGML Q8_0: fp16 scale and 32 int8 quants in 34 bytes. */
  Q8_0(GgmlType.Q8_0, 7),
  /** GGML Q4_0: fp16 scale and 32 nibbles in 18 bytes. */
  Q4_0(GgmlType.Q4_0, 2),
  /** GGML Q4_1: fp16 scale and minimum, 32 nibbles in 20 bytes. */
  Q4_1(GgmlType.Q4_1, 3),
  /** GGML Q5_0: fp16 scale, 32 high bits, 32 nibbles in 22 bytes. */
  Q5_0(GgmlType.Q5_0, 8),
  /** GGML Q5_1: fp16 scale and minimum, 32 high bits, 32 nibbles in 24 bytes. */
  Q5_1(GgmlType.Q5_1, 9),
  /** GGML Q4_K: 256 elements in 144 bytes (file type MOSTLY_Q4_K_S). */
  Q4_K(GgmlType.Q4_K, 14),
  /** GGML Q5_K: 256 elements in 176 bytes (file type MOSTLY_Q5_K_S). */
  Q5_K(GgmlType.Q5_K, 16),
  /** GGML Q6_K: 256 elements in 210 bytes. */
  Q6_K(GgmlType.Q6_K, 18);

  final GgmlType ggml; // the type id, block size and block bytes
  final int fileType; // GGUF general.file_type (llama_ftype), e.g. 7 = MOSTLY_Q8_0, 1 = MOSTLY_F16, 32 = MOSTLY_BF16

  SyntheticType(GgmlType ggml, int fileType) {
    this.ggml = ggml;
    this.fileType = fileType;
  }

  /** Bytes of a row of {@code cols} elements (a multiple of the block size). */
  long rowBytes(int cols) {
    return (long) cols / ggml.blockSize() * ggml.blockBytes();
  }

  /** Elements per block. */
  public int blockSize() {
    return ggml.blockSize();
  }
}
