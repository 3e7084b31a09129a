package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Mapped memory for regrouped weights: where it is available (Linux, native access enabled, as in
 * this module's tests) a segment is zeroed, starts at a 2 MiB boundary, holds what is written, and
 * is gone once its arena closes; elsewhere, and for nothing at all, there is none.
 */
class HugePageMemoryTest {

  @Test
  void isAvailableOnLinuxWithNativeAccess() {
    boolean linux = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux");
    assertEquals(linux && HugePageMemory.class.getModule().isNativeAccessEnabled(),
        HugePageMemory.available());
  }

  @Test
  void aMappedSegmentIsZeroedAlignedAndWritableUntilItsArenaCloses() {
    assumeTrue(HugePageMemory.available(), "no mapped memory here (not Linux, or no native access)");
    long bytes = 3 * HugePageMemory.HUGE_PAGE + 12_345;
    MemorySegment s;
    try (Arena arena = Arena.ofShared()) {
      s = HugePageMemory.allocate(bytes, arena);
      assertEquals(bytes, s.byteSize());
      assertEquals(0, s.address() % HugePageMemory.HUGE_PAGE);
      for (long at = 0; at < bytes; at += 4096) {
        assertEquals(0, s.get(ValueLayout.JAVA_BYTE, at), "byte " + at);
      }
      for (long at = 0; at + 8 <= bytes; at += 8) {
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at, at * 31);
      }
      for (long at = 0; at + 8 <= bytes; at += 8) {
        assertEquals(at * 31, s.get(ValueLayout.JAVA_LONG_UNALIGNED, at));
      }
    }
    assertFalse(s.scope().isAlive(), "unmapped with its arena");
  }

  @Test
  void nothingIsMappedForNoBytes() {
    try (Arena arena = Arena.ofShared()) {
      assertNull(HugePageMemory.allocate(0, arena));
    }
  }
}
