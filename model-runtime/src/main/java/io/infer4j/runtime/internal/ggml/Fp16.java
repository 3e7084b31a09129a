package io.infer4j.runtime.internal.ggml;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * fp32 to fp16 and back as ggml converts on F16C hardware ({@code GGML_FP32_TO_FP16} is {@code
 * _cvtss_sh(x, 0)}: round to nearest, ties to even; {@code GGML_FP16_TO_FP32} is exact). Values are
 * kept as floats that fp16 represents exactly, since every ggml op widens fp16 to fp32 before
 * arithmetic. Stateless.
 */
final class Fp16 {
  private static final ValueLayout.OfShort HALF =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private Fp16() {}

  /** {@return the little-endian fp16 value at byte {@code at} of {@code w}, widened exactly} */
  static float read(MemorySegment w, long at) {
    return Float.float16ToFloat(w.get(HALF, at));
  }

  /** {@return {@code x} rounded to the nearest fp16 value (ties to even), as a float} */
  static float round(float x) {
    return Float.float16ToFloat(Float.floatToFloat16(x));
  }

  /** {@code dst[i] = round(src[i])} for {@code i < n} ({@code ggml_fp32_to_fp16_row}). */
  static void roundRow(float[] src, float[] dst, int n) {
    for (int i = 0; i < n; i++) {
      dst[i] = round(src[i]);
    }
  }
}
