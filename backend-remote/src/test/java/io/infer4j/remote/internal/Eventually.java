package io.infer4j.remote.internal;

import java.util.List;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/** Bounded waits for a condition that settles after a close (connections, threads ending). */
final class Eventually {

  private Eventually() {}

  /** Polls {@code count} every 20 ms until it is 0; false if it is not within {@code millis}. */
  static boolean zero(IntSupplier count, long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    while (count.getAsInt() != 0) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** The live threads whose names start with {@code prefix}, after waiting up to {@code millis} for none. */
  static List<String> noThreadsNamed(String prefix, long millis) throws InterruptedException {
    zero(() -> threadsNamed(prefix).size(), millis);
    return threadsNamed(prefix);
  }

  private static List<String> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .map(Thread::getName)
        .sorted()
        .collect(Collectors.toList());
  }
}
