package io.infer4j.lpu;

import io.infer4j.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the weights are stored in SRAM and multiplied on the matrix unit. Activations and the KV
 * cache are FP16 in every case (Groq's TruePoint numerics keep activations at higher precision
 * than weights).
 */
public enum LpuPrecision {
  /** 8-bit integer weights, multiplied at the chip's INT8 rate. */
  INT8(1),
  /**
   * 8-bit floating-point weights: one byte in SRAM, multiplied at the FP16 rate (the
   * first-generation TSP has no FP8 matrix mode).
   */
  FP8(1),
  /** 16-bit floating-point weights, multiplied at the chip's FP16 rate. */
  FP16(2);

  private final int bytesPerWeight;

  LpuPrecision(int bytesPerWeight) {
    this.bytesPerWeight = bytesPerWeight;
  }

  /** {@return the bytes one weight takes in SRAM: 1 for INT8 and FP8, 2 for FP16} */
  public int bytesPerWeight() {
    return bytesPerWeight;
  }

  /** {@return the lower-case name used on the command line and in JSON ({@code int8})} */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code int8}, {@code fp8} or {@code fp16} (case-insensitive).
   *
   * @param text the precision's id; surrounding whitespace is ignored
   * @return the precision
   * @throws InvalidRequestException for field {@code precision}, naming the value and the accepted
   *     ones, when {@code text} is null or not one of them
   */
  public static LpuPrecision parse(String text) {
    if (text != null) {
      for (LpuPrecision p : values()) {
        if (p.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
          return p;
        }
      }
    }
    throw new InvalidRequestException("precision",
        "unknown precision '" + text + "'; expected one of "
            + Arrays.stream(values()).map(LpuPrecision::id).collect(Collectors.joining(", ")));
  }
}
