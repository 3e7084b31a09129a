package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The lane-parallel half-to-float widening equals {@link Float#float16ToFloat} bit for bit. */
class F16RowsTest {

  @Test
  void widensEveryHalfExactlyLikeTheJdk() {
    Assumptions.assumeTrue(RowSpecies.SUPPORTED, "needs 8 or 16 float lanes");
    int lanes = FloatVector.SPECIES_PREFERRED.length();
    MemorySegment seg = MemorySegment.ofArray(new byte[lanes * 2]);
    ValueLayout.OfShort half = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    for (int base = 0; base < 1 << 16; base += lanes) { // all 65536 bit patterns
      for (int i = 0; i < lanes; i++) {
        seg.set(half, 2L * i, (short) (base + i));
      }
      float[] got = F16Rows.halves(seg, 0).toArray();
      for (int i = 0; i < lanes; i++) {
        float want = Float.float16ToFloat((short) (base + i));
        if (Float.isNaN(want)) {
          assertEquals(true, Float.isNaN(got[i]), "half 0x" + Integer.toHexString(base + i));
        } else {
          assertEquals(
              Float.floatToRawIntBits(want),
              Float.floatToRawIntBits(got[i]),
              "half 0x" + Integer.toHexString(base + i));
        }
      }
    }
  }
}
