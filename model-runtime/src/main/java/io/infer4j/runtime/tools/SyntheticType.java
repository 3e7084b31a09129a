package io.infer4j.runtime.tools;

/**
 * The matrix weight types {@link SyntheticGguf} writes (norm weights are always F32), with the
 * fp16 fields of each block and the values they get so that weights have a standard deviation of
 * about 0.02 (every other byte of a block is random).
 */
public enum SyntheticType {
  /** IEEE float16 (GGUF type id 1). */
  F16(1, 1, 2, 1),
  /** GGML Q8_0: fp16 scale and 32 int8 quants in 34 bytes. */
  Q8_0(8, 7, 34, 32),
  /** GGML Q4_0: fp16 scale and 32 nibbles in 18 bytes. */
  Q4_0(2, 2, 18, 32),
  /** GGML Q4_1: fp16 scale and minimum, 32 nibbles in 20 bytes. */
  Q4_1(3, 3, 20, 32),
  /** GGML Q5_0: fp16 scale, 32 high bits, 32 nibbles in 22 bytes. */
  Q5_0(6, 8, 22, 32),
  /** GGML Q5_1: fp16 scale and minimum, 32 high bits, 32 nibbles in 24 bytes. */
  Q5_1(7, 9, 24, 32),
  /** GGML Q4_K: 256 elements in 144 bytes (file type MOSTLY_Q4_K_S). */
  Q4_K(12, 14, 144, 256),
  /** GGML Q5_K: 256 elements in 176 bytes (file type MOSTLY_Q5_K_S). */
  Q5_K(13, 16, 176, 256),
  /** GGML Q6_K: 256 elements in 210 bytes. */
  Q6_K(14, 18, 210, 256);

  final int ggmlId;
  final int fileType; // GGUF general.file_type (llama_ftype), e.g. 7 = MOSTLY_Q8_0, 1 = MOSTLY_F16
  final int blockBytes;
  final int blockSize;

  SyntheticType(int ggmlId, int fileType, int blockBytes, int blockSize) {
    this.ggmlId = ggmlId;
    this.fileType = fileType;
    this.blockBytes = blockBytes;
    this.blockSize = blockSize;
  }

  /** Bytes of a row of {@code cols} elements. */
  long rowBytes(int cols) {
    return (long) cols / blockSize * blockBytes;
  }

  /** Elements per block. */
  public int blockSize() {
    return blockSize;
  }
}
