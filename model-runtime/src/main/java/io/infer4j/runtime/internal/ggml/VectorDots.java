package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.internal.kernels.F16Rows;
import io.infer4j.runtime.internal.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API forms of the int8 dot products in {@link Dots#q8}, {@link LegacyDots#q8_1}, {@link
 * LegacyDots#q4_0x8} and the integer part of {@link KDots}, and of the float ones in {@link
 * Dots#tinyPlain} and {@link Dots#vecHeadPlain}, bit-identical to them: the integers are exact and
 * every float operation is the one the scalar form performs, lane for lane.
 *
 * <p>ggml's AVX2 kernels sum each 4 consecutive products of a block into one int32 lane ({@code
 * maddubs} then {@code madd}); the Vector API has neither instruction, so a block is read as 16
 * little-endian shorts, each holding an even and an odd code: the even code is the low byte
 * sign-extended ({@code << 8 >> 8}), the odd one the high byte ({@code >> 8}). Multiplied with the
 * activations' even and odd codes ({@link #evenOdd}), short lane {@code j} holds products {@code 2j
 * + 2j+1}; read as 8 ints, the low and high shorts of lane {@code i} added give products {@code 4i
 * .. 4i+3}, ggml's lane. Pair sums stay within a short because activation codes lie in [-127, 127]
 * ({@link Q8Quantizer} and {@link Q8_1Quantizer} never round to -128) and weight codes in [-128,
 * 127]: {@code |sum| <= 2 * 128 * 127 = 32512}.
 *
 * <p>On this project's 2-core AMD EPYC (Zen 1) VM, 2026-12-05, {@code RuntimeSpeed} in {@code
 * GGML} mode on the TinyLlama-shaped files: decode 1.16 tokens/s with the scalar forms, 5.01 with
 * these on Q8_0; 0.73 and 3.07 on Q4_K (benchmarks/README.md). Used when 256-bit vectors are
 * native ({@link VectorChoice}); {@code -Dinfer4j.ggml.vector=false} turns them off. Stateless.
 */
final class VectorDots {
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_256;
  private static final VectorSpecies<Byte> B = ByteVector.SPECIES_256;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
  private static final ShortVector NIBBLE = ShortVector.broadcast(S, (short) 0x0F);
  private static final ShortVector ONE = ShortVector.broadcast(S, (short) 1);
  private static final VectorMask<Integer> HIGH = VectorMask.fromLong(I, 0xF0); // lanes 4-7
  private static final ValueLayout.OfShort HALF =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final int BLOCK = Q8Quantizer.BLOCK;
  private static final int Q8_0_BYTES = GgmlType.Q8_0.blockBytes();

  /** Whether 256-bit vectors are native here (else these forms run, but slowly). */
  static boolean nativeWidth() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
  }

  private VectorDots() {}

  /**
   * The activation codes {@code qs[0 .. n)} rearranged per block of 32 as shorts: the 16 even
   * codes, then the 16 odd ones.
   */
  static short[] evenOdd(byte[] qs, int n) {
    short[] y = new short[n];
    for (int at = 0; at < n; at += BLOCK) {
      for (int j = 0; j < BLOCK / 2; j++) {
        y[at + j] = qs[at + 2 * j];
        y[at + BLOCK / 2 + j] = qs[at + 2 * j + 1];
      }
    }
    return y;
  }

  /**
   * {@link Dots#q8} for a Q8_0 row read in place: {@code n} elements from byte {@code offset} of
   * {@code w}, activations as {@link #evenOdd} codes {@code y} and scales {@code dy}.
   */
  static float q8(MemorySegment w, long offset, short[] y, float[] dy, int n) {
    FloatVector acc = FloatVector.zero(F);
    for (int b = 0; b < n / BLOCK; b++) {
      long at = offset + (long) b * Q8_0_BYTES;
      float d = Float.float16ToFloat(w.get(HALF, at)) * dy[b];
      ShortVector codes = ShortVector.fromMemorySegment(S, w, at + 2, ByteOrder.LITTLE_ENDIAN);
      acc = quads(codes, y, b * BLOCK).fma(FloatVector.broadcast(F, d), acc);
    }
    return hsum8(acc);
  }

  /** {@link Dots#q8} for weight codes {@code qx} and scales {@code dx} unpacked to arrays. */
  static float q8(byte[] qx, float[] dx, short[] y, float[] dy, int n) {
    FloatVector acc = FloatVector.zero(F);
    for (int b = 0; b < n / BLOCK; b++) {
      float d = dx[b] * dy[b];
      acc = quads(codes(qx, b * BLOCK), y, b * BLOCK).fma(FloatVector.broadcast(F, d), acc);
    }
    return hsum8(acc);
  }

  /** {@link LegacyDots#q8_1} (Q4_1, Q5_1) with {@link #evenOdd} activation codes. */
  static float q8_1(QuantRow x, short[] y, float[] dy, float[] sy, int n) {
    FloatVector acc = FloatVector.zero(F);
    float summs = 0f;
    for (int b = 0; b < n / BLOCK; b++) {
      summs = Math.fma(x.m[b], sy[b], summs);
      float d = x.d[b] * dy[b];
      acc = quads(codes(x.q, b * BLOCK), y, b * BLOCK).fma(FloatVector.broadcast(F, d), acc);
    }
    return hsum8(acc) + summs;
  }

  /** {@link LegacyDots#q4_0x8} with {@link #evenOdd} activation codes. */
  static float q4_0x8(QuantRow x, short[] y, float[] dy, int n) {
    float acc = 0f;
    for (int b = 0; b < n / BLOCK; b++) {
      int dot = quadInts(codes(x.q, b * BLOCK), y, b * BLOCK).reduceLanes(VectorOperators.ADD);
      acc = Math.fma((float) dot, x.d[b] * dy[b], acc);
    }
    return acc;
  }

  /**
   * {@link KDots.SuperBlockLanes} of K-quant row {@code x} against {@link #evenOdd} Q8_K codes
   * {@code y}: per 32-element chunk {@code c}, ggml's 8 lanes of 4 products, times the sub-block
   * scales (lanes 0-3 {@code scale[2c]}, lanes 4-7 {@code scale[2c + 1]}), summed in int32 over the
   * super-block. Pair sums fit a short: codes lie in [-32, 31] (Q6_K) or [0, 31].
   */
  static KDots.SuperBlockLanes kLanes(QuantRow x, short[] y) {
    return (acc, i, d) -> {
      IntVector lanes = IntVector.zero(I);
      for (int c = 0; c < 8; c++) {
        int e = i * 256 + 32 * c;
        int s = i * 16 + 2 * c;
        IntVector scales =
            IntVector.broadcast(I, x.scale[s]).blend(IntVector.broadcast(I, x.scale[s + 1]), HIGH);
        lanes = lanes.add(quadInts(codes(x.q, e), y, e).mul(scales));
      }
      addScaled(lanes, d, acc);
    };
  }

  /**
   * {@link #kLanes} for Q4_K and Q5_K rows read with {@code codes} false:
   * the codes are taken from the packed bytes in shorts (even byte's nibbles {@code & 0xF} and
   * {@code >>> 4 & 0xF}, odd byte's {@code >>> 8 & 0xF} and {@code >>> 12}; Q5_K's fifth bits
   * from {@code qh}), the same codes {@link QuantRow} unpacks, so the same lanes.
   */
  static KDots.SuperBlockLanes k4Lanes(QuantRow x, short[] y) {
    byte[] raw = x.packed();
    boolean fifth = x.type() == GgmlType.Q5_K;
    int bytes = x.type().blockBytes();
    return (acc, i, d) -> {
      int at = i * bytes;
      int qs = at + (fifth ? 48 : 16);
      ShortVector qh = fifth ? codes(raw, at + 16) : null;
      IntVector lanes = IntVector.zero(I);
      for (int g = 0; g < 4; g++) {
        ShortVector packed = codes(raw, qs + 32 * g);
        ShortVector evenLow = packed.and(NIBBLE);
        ShortVector oddLow = packed.lanewise(VectorOperators.LSHR, 8).and(NIBBLE);
        ShortVector evenHigh = packed.lanewise(VectorOperators.LSHR, 4).and(NIBBLE);
        ShortVector oddHigh = packed.lanewise(VectorOperators.LSHR, 12);
        if (qh != null) {
          evenLow = evenLow.or(fifthBit(qh, 2 * g));
          oddLow = oddLow.or(fifthBit(qh, 8 + 2 * g));
          evenHigh = evenHigh.or(fifthBit(qh, 2 * g + 1));
          oddHigh = oddHigh.or(fifthBit(qh, 8 + 2 * g + 1));
        }
        int e = i * 256 + 64 * g;
        int s = i * 16 + 4 * g; // scale[e / 16]; a 32-element sub-block repeats its scale
        lanes = lanes.add(quadInts(evenLow, oddLow, y, e).mul(IntVector.broadcast(I, x.scale[s])))
            .add(quadInts(evenHigh, oddHigh, y, e + 32)
                .mul(IntVector.broadcast(I, x.scale[s + 2])));
      }
      addScaled(lanes, d, acc);
    };
  }

  /** {@code acc[l] = fma(d, (float) lanes[l], acc[l])}: a super-block's lanes into the sums. */
  private static void addScaled(IntVector lanes, float d, float[] acc) {
    FloatVector sums = (FloatVector) lanes.convert(VectorOperators.I2F, 0);
    sums.fma(FloatVector.broadcast(F, d), FloatVector.fromArray(F, acc, 0)).intoArray(acc, 0);
  }

  /** Bit {@code bit} of each short of {@code qh} as the value 16 (or 0). */
  private static ShortVector fifthBit(ShortVector qh, int bit) {
    return qh.lanewise(VectorOperators.LSHR, bit).and(ONE).lanewise(VectorOperators.LSHL, 4);
  }

  /** {@link Dots#tinyPlain}: one 8-lane FMA accumulator, then {@link LaneSums#hsum8}. */
  static float tiny(float[] x, int xOff, float[] y, int yOff, int k) {
    FloatVector acc = FloatVector.zero(F);
    for (int l = 0; l < k; l += 8) {
      acc = FloatVector.fromArray(F, x, xOff + l).fma(FloatVector.fromArray(F, y, yOff + l), acc);
    }
    return hsum8(acc);
  }

  /**
   * {@link #tiny} of rows {@code x0} and {@code x1} with tokens {@code y[t .. t + 3]}, into {@code
   * out[0, 4)} (row {@code x0}) and {@code out[4, 8)} (row {@code x1}): the same eight chains, run
   * side by side (a lone 8-lane chain issues one fused multiply-add per FMA latency); tinyBLAS
   * too keeps a tile of such chains. {@code x1} may be {@code x0}.
   */
  static void tinyTile(float[] x0, float[] x1, float[][] y, int t, int k, float[] out) {
    float[] y0 = y[t];
    float[] y1 = y[t + 1];
    float[] y2 = y[t + 2];
    float[] y3 = y[t + 3];
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = FloatVector.zero(F);
    FloatVector a2 = FloatVector.zero(F);
    FloatVector a3 = FloatVector.zero(F);
    FloatVector b0 = FloatVector.zero(F);
    FloatVector b1 = FloatVector.zero(F);
    FloatVector b2 = FloatVector.zero(F);
    FloatVector b3 = FloatVector.zero(F);
    for (int l = 0; l < k; l += 8) {
      FloatVector w = FloatVector.fromArray(F, x0, l);
      FloatVector v = FloatVector.fromArray(F, x1, l);
      FloatVector c0 = FloatVector.fromArray(F, y0, l);
      FloatVector c1 = FloatVector.fromArray(F, y1, l);
      FloatVector c2 = FloatVector.fromArray(F, y2, l);
      FloatVector c3 = FloatVector.fromArray(F, y3, l);
      a0 = w.fma(c0, a0);
      a1 = w.fma(c1, a1);
      a2 = w.fma(c2, a2);
      a3 = w.fma(c3, a3);
      b0 = v.fma(c0, b0);
      b1 = v.fma(c1, b1);
      b2 = v.fma(c2, b2);
      b3 = v.fma(c3, b3);
    }
    out[0] = hsum8(a0);
    out[1] = hsum8(a1);
    out[2] = hsum8(a2);
    out[3] = hsum8(a3);
    out[4] = hsum8(b0);
    out[5] = hsum8(b1);
    out[6] = hsum8(b2);
    out[7] = hsum8(b3);
  }

  /** {@link Dots#vecHeadPlain}: four 8-lane FMA accumulators, then {@link LaneSums#reduce4x8}. */
  static float vecHead(float[] x, int xOff, float[] y, int yOff, int np) {
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = FloatVector.zero(F);
    FloatVector a2 = FloatVector.zero(F);
    FloatVector a3 = FloatVector.zero(F);
    for (int i = 0; i < np; i += 32) {
      a0 = FloatVector.fromArray(F, x, xOff + i).fma(FloatVector.fromArray(F, y, yOff + i), a0);
      a1 = FloatVector.fromArray(F, x, xOff + i + 8)
          .fma(FloatVector.fromArray(F, y, yOff + i + 8), a1);
      a2 = FloatVector.fromArray(F, x, xOff + i + 16)
          .fma(FloatVector.fromArray(F, y, yOff + i + 16), a2);
      a3 = FloatVector.fromArray(F, x, xOff + i + 24)
          .fma(FloatVector.fromArray(F, y, yOff + i + 24), a3);
    }
    float[] acc = new float[32];
    a0.intoArray(acc, 0);
    a1.intoArray(acc, 8);
    a2.intoArray(acc, 16);
    a3.intoArray(acc, 24);
    return LaneSums.reduce4x8(acc);
  }

  /**
   * {@link Dots#vecF16} of the F16 row at byte {@code offset} of {@code w} (not widened first)
   * and {@code y}, {@code n} elements: its first {@code n & ~31} halves widened in lanes as they
   * are read and multiplied into ggml's four 8-lane accumulators ({@link F16Rows#laneSums}), then
   * {@link LaneSums#reduce4x8} and the last ones in double, as {@link Dots#vecF16} does. Widening
   * is exact, so these are the floats of widening the row first, bit for bit. With {@code scaled}
   * ({@link F16Rows#scaledForFinite} of {@code y}; null for none), for a matrix known to hold only
   * finite halves, {@link F16Rows#laneSumsFinite}: the same floats in fewer steps. Where {@link
   * WideLanes#NATIVE} only; {@code sums} is 32 floats of scratch.
   */
  static float vecF16Row(MemorySegment w, long offset, float[] y, float[] scaled, int n,
      float[] sums) {
    int np = n & ~31;
    if (scaled != null) {
      F16Rows.laneSumsFinite(w, offset, scaled, np, sums);
    } else {
      F16Rows.laneSums(w, offset, y, np, sums);
    }
    double sum = LaneSums.reduce4x8(sums);
    for (int i = np; i < n; i++) {
      sum += (double) (Float.float16ToFloat(w.get(HALF, offset + 2L * i)) * y[i]);
    }
    return (float) sum;
  }

  private static ShortVector codes(byte[] q, int at) {
    return ByteVector.fromArray(B, q, at).reinterpretAsShorts();
  }

  /** ggml's 8 lanes of one block as floats (exact: each is at most 4 * 128 * 127 in size). */
  private static FloatVector quads(ShortVector codes, short[] y, int at) {
    return (FloatVector) quadInts(codes, y, at).convert(VectorOperators.I2F, 0);
  }

  /** Lane {@code i}: the sum of products {@code 4i .. 4i+3} of the block at {@code at}. */
  private static IntVector quadInts(ShortVector codes, short[] y, int at) {
    ShortVector even = codes.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 8);
    ShortVector odd = codes.lanewise(VectorOperators.ASHR, 8);
    return quadInts(even, odd, y, at);
  }

  /** {@link #quadInts(ShortVector, short[], int)} with the even and odd codes apart. */
  private static IntVector quadInts(ShortVector even, ShortVector odd, short[] y, int at) {
    ShortVector pairs = even.mul(ShortVector.fromArray(S, y, at))
        .add(odd.mul(ShortVector.fromArray(S, y, at + BLOCK / 2)));
    IntVector two = pairs.reinterpretAsInts();
    return two.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
        .add(two.lanewise(VectorOperators.ASHR, 16));
  }

  private static float hsum8(FloatVector acc) {
    return LaneSums.hsum8(acc.toArray());
  }
}
