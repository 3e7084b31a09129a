package io.infer4j.gpu;

import io.infer4j.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the weights are stored on the GPU. Activations and the KV cache stay in 16-bit in every case
 * (the timing model charges 2 bytes per cached element).
 *
 * <p>Storage is given as bytes per block of weights so that the block-quantized GGUF formats are
 * exact: {@code q8_0} stores 32 weights as 32 int8 plus one FP16 scale (34 bytes), {@code q4_0}
 * stores 32 weights as 16 bytes of nibbles plus one FP16 scale (18 bytes) (ggml's {@code
 * block_q8_0} / {@code block_q4_0}). FP8 and INT8 keep per-channel scales, which are negligible.
 */
public enum GpuPrecision {
  /** bfloat16: 2 bytes per weight, the default. */
  BF16("bf16", 2, 1),
  /** IEEE half precision: 2 bytes per weight. */
  FP16("fp16", 2, 1),
  /** 8-bit floating point: 1 byte per weight plus per-channel scales. */
  FP8("fp8", 1, 1),
  /** 8-bit integer: 1 byte per weight plus per-channel scales. */
  INT8("int8", 1, 1),
  /** GGUF {@code q8_0}: blocks of 32 int8 weights and one FP16 scale, 34 bytes. */
  Q8_0("q8_0", 34, 32),
  /** GGUF {@code q4_0}: blocks of 32 4-bit weights and one FP16 scale, 18 bytes. */
  Q4_0("q4_0", 18, 32);

  private static final String FIELD = "precision";

  private final String id;
  private final int blockBytes;
  private final int blockWeights;

  GpuPrecision(String id, int blockBytes, int blockWeights) {
    this.id = id;
    this.blockBytes = blockBytes;
    this.blockWeights = blockWeights;
  }

  /** {@return the lower-case id used by {@code --precision} and in JSON} */
  public String id() {
    return id;
  }

  /**
   * {@return the storage per weight in bytes: 2 for bf16/fp16, 1 for fp8/int8, 1.0625 for q8_0,
   * 0.5625 for q4_0}
   */
  public double bytesPerWeight() {
    return (double) blockBytes / blockWeights;
  }

  /**
   * {@return the bytes that {@code weights} weights occupy, rounded up to whole blocks}
   *
   * @param weights the number of weights, at least 0
   * @throws IllegalArgumentException if {@code weights} is negative
   */
  public long bytesFor(long weights) {
    if (weights < 0) {
      throw new IllegalArgumentException("weights must not be negative: " + weights);
    }
    long blocks = (weights + blockWeights - 1) / blockWeights;
    return blocks * blockBytes;
  }

  /**
   * {@return the precision with this id (case-insensitive)}
   *
   * @param id a precision id such as {@code bf16}; surrounding blanks are ignored, null is
   *     rejected like an unknown id
   * @throws InvalidRequestException naming the value and the accepted ids
   */
  public static GpuPrecision fromId(String id) {
    for (GpuPrecision precision : values()) {
      if (precision.id.equals(id == null ? null : id.strip().toLowerCase(Locale.ROOT))) {
        return precision;
      }
    }
    throw new InvalidRequestException(
        FIELD,
        "unknown precision '" + id + "'; accepted: "
            + Arrays.stream(values()).map(GpuPrecision::id).collect(Collectors.joining(", ")));
  }
}
