package io.infer4j.runtime.internal.kernels;

import io.infer4j.runtime.internal.tensor.TensorView;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Whether a half-precision tensor holds only finite halves (no infinity, no NaN: no exponent of
 * all ones), found by one scan of its bytes the first time it is asked about and remembered for
 * as long as the tensor lives. {@link F16Rows#dotFinite} widens halves without the lanes that
 * keep infinities and NaNs, so it may only read matrices this says are finite. A scan reads the
 * matrix once at about the speed of memory (a 2048 x 2048 matrix is 8 MiB): it runs on the first
 * decode step that meets the matrix. Thread-safe.
 */
final class FiniteHalves {
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED;
  /** A half's exponent bits: all set for infinities and NaNs. */
  private static final short EXPONENT = 0x7C00;

  private static final Map<TensorView, Boolean> KNOWN =
      Collections.synchronizedMap(new WeakHashMap<>());

  private FiniteHalves() {}

  /**
   * Whether every half of {@code w} ({@code rows x cols} halves from byte 0 of {@code seg}, its
   * segment) is finite; scanned on the first call for {@code w}, then remembered.
   */
  static boolean of(TensorView w, MemorySegment seg) {
    Boolean known = KNOWN.get(w);
    if (known != null) {
      return known;
    }
    boolean finite = scan(seg, (long) w.rows() * w.cols());
    KNOWN.put(w, finite);
    return finite;
  }

  /** Whether the {@code count} halves from byte 0 of {@code seg} are all finite. */
  static boolean scan(MemorySegment seg, long count) {
    long i = 0;
    for (long bound = count - S.length(); i <= bound; i += S.length()) {
      ShortVector h = ShortVector.fromMemorySegment(S, seg, 2 * i, ByteOrder.LITTLE_ENDIAN);
      if (h.and(EXPONENT).compare(VectorOperators.EQ, EXPONENT).anyTrue()) {
        return false;
      }
    }
    for (; i < count; i++) {
      if ((seg.get(RowSpecies.HALF, 2 * i) & EXPONENT) == EXPONENT) {
        return false;
      }
    }
    return true;
  }
}
