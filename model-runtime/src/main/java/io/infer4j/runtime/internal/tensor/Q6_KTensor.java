package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;

/**
 * GGML Q6_K: super-blocks of 256 elements in 210 bytes: 128 bytes {@code ql} of low nibbles, 64
 * bytes {@code qh} of 2-bit high parts, 16 int8 scales (one per 16 elements), fp16 {@code d}. Each
 * half of 128 elements uses 64 bytes of {@code ql} and 32 of {@code qh}: for {@code l < 32},
 * elements {@code l}, {@code l + 32}, {@code l + 64}, {@code l + 96} take the low nibble of {@code
 * ql[l]}, low of {@code ql[l + 32]}, high of {@code ql[l]}, high of {@code ql[l + 32]}, and bits
 * 0-1, 2-3, 4-5, 6-7 of {@code qh[l]}; element = {@code d * scale * (q6 - 32)}.
 */
public final class Q6_KTensor extends BlockTensor {
  /** A view of {@code rows x cols} elements ({@code cols} a multiple of 256). */
  public Q6_KTensor(String name, MemorySegment data, int rows, int cols) {
    super(name, data, rows, cols, GgmlType.Q6_K);
  }

  @Override
  void decodeBlock(long block, float[] dst, int at) {
    long base = blockStart(block);
    float d = f16(base + 208);
    for (int half = 0; half < 2; half++) {
      long ql = base + 64 * half;
      long qh = base + 128 + 32 * half;
      long sc = base + 192 + 8 * half;
      int out = at + 128 * half;
      for (int l = 0; l < 32; l++) {
        int is = l / 16;
        int low0 = u8(ql + l);
        int low1 = u8(ql + 32 + l);
        int high = u8(qh + l);
        int q1 = ((low0 & 0x0F) | (high & 3) << 4) - 32;
        int q2 = ((low1 & 0x0F) | ((high >>> 2) & 3) << 4) - 32;
        int q3 = ((low0 >>> 4) | ((high >>> 4) & 3) << 4) - 32;
        int q4 = ((low1 >>> 4) | ((high >>> 6) & 3) << 4) - 32;
        dst[out + l] = d * i8(sc + is) * q1;
        dst[out + 32 + l] = d * i8(sc + is + 2) * q2;
        dst[out + 64 + l] = d * i8(sc + is + 4) * q3;
        dst[out + 96 + l] = d * i8(sc + is + 6) * q4;
      }
    }
  }
}
