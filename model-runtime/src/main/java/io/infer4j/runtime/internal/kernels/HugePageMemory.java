package io.infer4j.runtime.internal.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Zeroed memory for large, long-lived copies of weights (regrouped matrices), mapped from the
 * operating system from a 2 MiB boundary, its whole 2 MiB pieces advised to be backed by
 * transparent huge pages ({@code mmap} of anonymous memory, then {@code madvise(MADV_HUGEPAGE)},
 * which asks for them where {@code /sys/kernel/mm/transparent_hugepage/enabled} says {@code
 * madvise} or {@code always}); a last partial piece keeps small pages, so no huge page is held
 * for a few bytes of it. A fresh 4 KiB page costs a fault on first touch; on the 2-core VM this project is
 * measured on, zeroing and faulting in the regrouped copies had taken 64% of a model's load, and
 * with this memory (and copies of whole source rows) loads took a fifth to a third less
 * (benchmarks/README.md, "Huge pages at load"). The memory is unmapped when the arena it was
 * given to closes.
 *
 * <p>Only where it can be had without a warning: Linux, and native access enabled for this
 * module ({@code --enable-native-access}); elsewhere {@link #allocate} returns null and callers
 * allocate as usual. Thread-safe.
 */
final class HugePageMemory {
  /** 2 MiB, the x86-64 and arm64 transparent huge page. */
  static final long HUGE_PAGE = 2L << 20;

  private static final int PROT_READ_WRITE = 0x1 | 0x2;
  private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
  private static final int MADV_HUGEPAGE = 14;

  /** {@code mmap}, {@code madvise}, {@code munmap}, or null where they are not to be used. */
  private static final MethodHandle[] CALLS = link();

  private HugePageMemory() {}

  /** Whether {@link #allocate} maps memory here (else it always returns null). */
  static boolean available() {
    return CALLS != null;
  }

  /**
   * {@code bytes} of zeroed memory starting at a 2 MiB boundary, unmapped when {@code arena}
   * closes; null where {@link #available() not available} or if the system refuses.
   */
  static MemorySegment allocate(long bytes, Arena arena) {
    if (CALLS == null || bytes <= 0) {
      return null;
    }
    long length = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE + HUGE_PAGE; // room to align
    try {
      MemorySegment mapped = (MemorySegment) CALLS[0].invokeExact(MemorySegment.NULL, length,
          PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
      if (mapped.address() == -1L) { // MAP_FAILED
        return null;
      }
      long start = (mapped.address() + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
      MemorySegment mapping = mapped.reinterpret(length, arena, m -> unmap(m, length));
      MemorySegment region = mapping.asSlice(start - mapped.address(), bytes);
      long hugeBytes = bytes / HUGE_PAGE * HUGE_PAGE; // the tail keeps small pages: none half used
      if (hugeBytes > 0) {
        int ignored = (int) CALLS[1].invokeExact(region, hugeBytes, MADV_HUGEPAGE); // advice only
      }
      return region;
    } catch (Throwable e) {
      return null;
    }
  }

  private static void unmap(MemorySegment mapped, long length) {
    try {
      int ignored = (int) CALLS[2].invokeExact(mapped, length);
    } catch (Throwable e) {
      // nothing to do: the mapping goes with the process
    }
  }

  private static MethodHandle[] link() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
        || !HugePageMemory.class.getModule().isNativeAccessEnabled()) {
      return null;
    }
    try {
      Linker linker = Linker.nativeLinker();
      ValueLayout.OfLong size = ValueLayout.JAVA_LONG;
      ValueLayout.OfInt integer = ValueLayout.JAVA_INT;
      return new MethodHandle[] {
        linker.downcallHandle(linker.defaultLookup().find("mmap").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, size, integer,
                integer, integer, size)),
        linker.downcallHandle(linker.defaultLookup().find("madvise").orElseThrow(),
            FunctionDescriptor.of(integer, ValueLayout.ADDRESS, size, integer)),
        linker.downcallHandle(linker.defaultLookup().find("munmap").orElseThrow(),
            FunctionDescriptor.of(integer, ValueLayout.ADDRESS, size))
      };
    } catch (RuntimeException | LinkageError e) { // no such symbol, access denied
      return null;
    }
  }
}
