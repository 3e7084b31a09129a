package io.infer4j.runtime.internal.ggml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The memory this machine can still hand out without swapping: Linux's {@code MemAvailable}
 * ({@code /proc/meminfo}, the kernel's own estimate of free memory plus the page cache and
 * reclaimable slabs it can give back; see proc(5)). Empty where that file is absent or unreadable
 * (other systems): callers then go on as if memory were ample. Stateless.
 */
final class AvailableMemory {
  private static final Path MEMINFO = Path.of("/proc/meminfo");

  private AvailableMemory() {}

  /** Bytes available now, or empty where this system does not say. */
  static OptionalLong bytes() {
    try {
      return parse(Files.readAllLines(MEMINFO));
    } catch (IOException | SecurityException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The {@code MemAvailable:} line of {@code meminfo}'s lines, in bytes (the file gives kB, i.e.
   * KiB), or empty if there is none or it does not parse.
   */
  static OptionalLong parse(List<String> meminfo) {
    for (String line : meminfo) {
      if (!line.startsWith("MemAvailable:")) {
        continue;
      }
      String[] parts = line.substring("MemAvailable:".length()).trim().split("\\s+");
      try {
        long kib = Long.parseLong(parts[0]);
        return parts.length > 1 && parts[1].equals("kB") && kib >= 0
            ? OptionalLong.of(kib * 1024) : OptionalLong.empty();
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.empty();
  }
}
