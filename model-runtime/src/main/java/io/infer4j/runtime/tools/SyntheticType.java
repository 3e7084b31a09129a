package io.infer4j.runtime.tools;

/** The matrix weight types {@link SyntheticGguf} writes (norm weights are always F32). */
public enum SyntheticType {
  /** GGML Q8_0: 34-byte blocks of an fp16 scale and 32 int8 quants (GGUF type id 8). */
  Q8_0(8, 7, 34, 32),
  /** IEEE float16 (GGUF type id 1). */
  F16(1, 1, 2, 1);

  final int ggmlId;
  final int fileType; // GGUF general.file_type (llama_ftype): 7 = MOSTLY_Q8_0, 1 = MOSTLY_F16
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
}
