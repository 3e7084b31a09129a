package io.infer4j.runtime.internal.ggml;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link QuantRow}'s K-quant unpacking loops in 32-byte lanes: the same codes, which {@code
 * VectorDotsTest} checks against the plain loops. Used where {@link VectorChoice#ENABLED}.
 * Stateless.
 */
final class VectorCodes {
  private static final VectorSpecies<Byte> B = ByteVector.SPECIES_256;
  private static final ByteVector NIBBLE = ByteVector.broadcast(B, (byte) 0x0F);
  private static final ByteVector ONE = ByteVector.broadcast(B, (byte) 1);
  private static final ByteVector THREE = ByteVector.broadcast(B, (byte) 3);
  private static final ByteVector THIRTY_TWO = ByteVector.broadcast(B, (byte) 32);

  private VectorCodes() {}

  /**
   * One Q4_K or Q5_K super-block's 256 codes into {@code q[out ..]}: nibbles from {@code raw[qs
   * ..]}, Q5_K's fifth bits from the 32 bytes at {@code raw[qh ..]} ({@code qh < 0} for Q4_K).
   */
  static void k4(byte[] raw, int qs, int qh, byte[] q, int out) {
    ByteVector high = qh < 0 ? null : ByteVector.fromArray(B, raw, qh);
    for (int g = 0; g < 4; g++) {
      ByteVector packed = ByteVector.fromArray(B, raw, qs + 32 * g);
      ByteVector low = packed.and(NIBBLE);
      ByteVector top = packed.lanewise(VectorOperators.LSHR, 4).and(NIBBLE);
      if (high != null) {
        low = low.or(fifthBit(high, 2 * g));
        top = top.or(fifthBit(high, 2 * g + 1));
      }
      low.intoArray(q, out + 64 * g);
      top.intoArray(q, out + 64 * g + 32);
    }
  }

  /** Bit {@code bit} of each byte of {@code high} as the value 16 (or 0). */
  private static ByteVector fifthBit(ByteVector high, int bit) {
    return high.lanewise(VectorOperators.LSHR, bit).and(ONE).lanewise(VectorOperators.LSHL, 4);
  }

  /**
   * One Q6_K half super-block's 128 codes into {@code q[out ..]}: low nibbles from the 64 bytes at
   * {@code raw[ql ..]}, high pairs from the 32 at {@code raw[qh ..]}, signed ({@code - 32}).
   */
  static void k6(byte[] raw, int ql, int qh, byte[] q, int out) {
    ByteVector low0 = ByteVector.fromArray(B, raw, ql);
    ByteVector low1 = ByteVector.fromArray(B, raw, ql + 32);
    ByteVector high = ByteVector.fromArray(B, raw, qh);
    six(low0.and(NIBBLE), high, 0).intoArray(q, out);
    six(low1.and(NIBBLE), high, 2).intoArray(q, out + 32);
    six(low0.lanewise(VectorOperators.LSHR, 4).and(NIBBLE), high, 4).intoArray(q, out + 64);
    six(low1.lanewise(VectorOperators.LSHR, 4).and(NIBBLE), high, 6).intoArray(q, out + 96);
  }

  /** {@code (low | (high >>> shift & 3) << 4) - 32}: a Q6_K code, signed. */
  private static ByteVector six(ByteVector low, ByteVector high, int shift) {
    return low.or(high.lanewise(VectorOperators.LSHR, shift).and(THREE)
        .lanewise(VectorOperators.LSHL, 4)).sub(THIRTY_TWO);
  }
}
