package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.KQuantScales;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One row of a block-quantized weight matrix as the integers ggml's AVX2 dot products multiply:
 * {@code q[0 .. cols)} the per-element codes, and per block the fp16 scales (as floats). The
 * codes are what the kernels load into int8 lanes:
 *
 * <ul>
 *   <li>Q4_0 {@code nibble - 8}, Q5_0 {@code (nibble | high bit << 4) - 16} (signed, as {@code
 *       bytes_from_nibbles_32} and {@code bytes_from_bits_32} build them);
 *   <li>Q4_1 {@code nibble}, Q5_1 {@code nibble | high bit << 4} (unsigned), with {@code m} the
 *       block's fp16 offset;
 *   <li>Q4_K {@code nibble}, Q5_K {@code nibble | high bit << 4}, Q6_K {@code q6 - 32}, with
 *       {@code scale[e / 16]} the sub-block scale of element {@code e} (Q4_K and Q5_K repeat their
 *       32-element scale twice), {@code min[e / 32]}, and {@code d}, {@code dmin} per super-block
 *       of 256.
 * </ul>
 *
 * Not thread-safe: one per worker, reused across rows.
 */
final class QuantRow {
  private final GgmlType type;
  private final byte[] raw;
  private final boolean vector;
  final byte[] q;
  final float[] d;
  final float[] m; // Q4_1, Q5_1: block offsets; K-quants: dmin per super-block
  final int[] scale; // K-quants: per 16 elements
  final int[] min; // Q4_K, Q5_K: per 32 elements

  QuantRow(GgmlType type, int cols) {
    this(type, cols, VectorChoice.ENABLED);
  }

  /**
   * {@code vector}: unpack K-quant codes with the Vector API ({@link VectorCodes}: the same codes
   * as the plain loops, which {@code VectorDotsTest} checks).
   */
  QuantRow(GgmlType type, int cols, boolean vector) {
    this.type = type;
    this.vector = vector;
    int blocks = cols / type.blockSize();
    this.raw = new byte[blocks * type.blockBytes()];
    this.q = new byte[cols];
    this.d = new float[blocks];
    this.m = new float[blocks];
    this.scale = new int[cols / 16];
    this.min = new int[cols / 32];
  }

  GgmlType type() {
    return type;
  }

  /** The row's bytes as stored, from the last {@link #read}. */
  byte[] packed() {
    return raw;
  }

  /** Whether this class unpacks {@code type}. */
  static boolean supports(GgmlType type) {
    return switch (type) {
      case Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K -> true;
      default -> false;
    };
  }

  /** Unpacks row {@code row} of {@code w} (of this row's type and length). */
  void read(SegmentTensor w, int row) {
    read(w, row, true);
  }

  /**
   * Reads row {@code row} of {@code w}: its bytes into {@link #packed}, the per-block scalars
   * ({@code d}, {@code m}, {@code scale}, {@code min}), and the codes {@code q} if {@code codes}
   * (Q4_K and Q5_K only skip them; kernels that read the packed codes pass false).
   */
  void read(SegmentTensor w, int row, boolean codes) {
    long rowBytes = raw.length;
    MemorySegment.copy(w.segment(), ValueLayout.JAVA_BYTE, row * rowBytes, raw, 0, raw.length);
    int blocks = d.length;
    for (int b = 0; b < blocks; b++) {
      int at = b * type.blockBytes();
      switch (type) {
        case Q8_0 -> q8_0(b, at);
        case Q4_0 -> q4(b, at, 2, -8);
        case Q4_1 -> {
          m[b] = f16(at + 2);
          q4(b, at, 4, 0);
        }
        case Q5_0 -> q5(b, at, 2, -16);
        case Q5_1 -> {
          m[b] = f16(at + 2);
          q5(b, at, 4, 0);
        }
        case Q4_K -> k4(b, at, false, codes);
        case Q5_K -> k4(b, at, true, codes);
        case Q6_K -> k6(b, at);
        default -> throw new IllegalArgumentException("not a quantized type: " + type);
      }
    }
  }

  private void q8_0(int b, int at) {
    d[b] = f16(at);
    System.arraycopy(raw, at + 2, q, b * 32, 32);
  }

  /** Q4_0, Q4_1: {@code d} at {@code at}, 16 bytes of nibbles at {@code at + qsAt}. */
  private void q4(int b, int at, int qsAt, int offset) {
    d[b] = f16(at);
    int out = b * 32;
    for (int j = 0; j < 16; j++) {
      int packed = raw[at + qsAt + j] & 0xFF;
      q[out + j] = (byte) ((packed & 0x0F) + offset);
      q[out + j + 16] = (byte) ((packed >>> 4) + offset);
    }
  }

  /** Q5_0, Q5_1: {@code d} at {@code at}, 32 high bits at {@code at + qhAt}, then 16 bytes. */
  private void q5(int b, int at, int qhAt, int offset) {
    d[b] = f16(at);
    int qh = u32(at + qhAt);
    int out = b * 32;
    for (int j = 0; j < 16; j++) {
      int packed = raw[at + qhAt + 4 + j] & 0xFF;
      q[out + j] = (byte) (((packed & 0x0F) | ((qh >>> j) & 1) << 4) + offset);
      q[out + j + 16] = (byte) (((packed >>> 4) | ((qh >>> (j + 16)) & 1) << 4) + offset);
    }
  }

  /** Q4_K ({@code fifth} false) and Q5_K: d, dmin, 12 scale bytes, [32 bytes qh], nibbles. */
  private void k4(int b, int at, boolean fifth, boolean codes) {
    d[b] = f16(at);
    m[b] = f16(at + 2);
    for (int j = 0; j < 8; j++) {
      int sc = KQuantScales.scale(raw, at + 4, j);
      scale[b * 16 + 2 * j] = sc;
      scale[b * 16 + 2 * j + 1] = sc;
      min[b * 8 + j] = KQuantScales.min(raw, at + 4, j);
    }
    int qh = at + 16;
    int qs = fifth ? at + 48 : at + 16;
    int out = b * 256;
    if (!codes) {
      return;
    }
    if (vector) {
      VectorCodes.k4(raw, qs, fifth ? qh : -1, q, out);
      return;
    }
    for (int g = 0; g < 4; g++) {
      for (int l = 0; l < 32; l++) {
        int packed = raw[qs + 32 * g + l] & 0xFF;
        int high = fifth ? raw[qh + l] & 0xFF : 0;
        q[out + 64 * g + l] = (byte) ((packed & 0x0F) | ((high >>> (2 * g)) & 1) << 4);
        q[out + 64 * g + 32 + l] = (byte) ((packed >>> 4) | ((high >>> (2 * g + 1)) & 1) << 4);
      }
    }
  }

  /** Q6_K: 128 bytes of low nibbles, 64 of high pairs, 16 int8 scales, fp16 d. */
  private void k6(int b, int at) {
    d[b] = f16(at + 208);
    for (int j = 0; j < 16; j++) {
      scale[b * 16 + j] = raw[at + 192 + j];
    }
    for (int half = 0; half < 2; half++) {
      int ql = at + 64 * half;
      int qh = at + 128 + 32 * half;
      int out = b * 256 + 128 * half;
      if (vector) {
        VectorCodes.k6(raw, ql, qh, q, out);
        continue;
      }
      for (int l = 0; l < 32; l++) {
        int low0 = raw[ql + l] & 0xFF;
        int low1 = raw[ql + 32 + l] & 0xFF;
        int high = raw[qh + l] & 0xFF;
        q[out + l] = (byte) (((low0 & 0x0F) | (high & 3) << 4) - 32);
        q[out + 32 + l] = (byte) (((low1 & 0x0F) | ((high >>> 2) & 3) << 4) - 32);
        q[out + 64 + l] = (byte) (((low0 >>> 4) | ((high >>> 4) & 3) << 4) - 32);
        q[out + 96 + l] = (byte) (((low1 >>> 4) | ((high >>> 6) & 3) << 4) - 32);
      }
    }
  }

  private float f16(int at) {
    return Float.float16ToFloat((short) ((raw[at] & 0xFF) | raw[at + 1] << 8));
  }

  private int u32(int at) {
    return (raw[at] & 0xFF) | (raw[at + 1] & 0xFF) << 8 | (raw[at + 2] & 0xFF) << 16
        | (raw[at + 3] & 0xFF) << 24;
  }
}
