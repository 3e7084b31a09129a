package io.infer4j.internal;

import java.util.function.BooleanSupplier;

/** A bounded wait for something that settles after the fact (threads ending). */
final class Waits {

  private Waits() {}

  /** Polls {@code condition} every 10 ms; false if it did not hold within {@code millis}. */
  static boolean until(BooleanSupplier condition, long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }
}
