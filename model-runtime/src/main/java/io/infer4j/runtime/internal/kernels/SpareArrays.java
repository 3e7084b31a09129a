package io.infer4j.runtime.internal.kernels;

import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Float matrices ({@code float[rows][cols]}) kept between uses by kernels that would otherwise
 * allocate and zero a large scratch matrix on every call: {@link #take} hands out a kept one
 * large enough, or a new one; {@link #give} keeps it for the next caller. Holds at most one
 * matrix per thread that used one at the same time, each as large as the largest request met (a
 * kept one too small is dropped for one as large as both). Contents are whatever the last user
 * left. Thread-safe.
 */
final class SpareArrays {
  private final ConcurrentLinkedDeque<float[][]> spare = new ConcurrentLinkedDeque<>();

  /** A matrix of at least {@code rows} arrays of at least {@code cols} floats. */
  float[][] take(int rows, int cols) {
    float[][] p = spare.poll();
    if (p == null) {
      return new float[rows][cols];
    }
    if (p.length < rows || p[0].length < cols) {
      return new float[Math.max(rows, p.length)][Math.max(cols, p[0].length)];
    }
    return p;
  }

  /**
   * Keeps {@code m} (from {@link #take}) for a later caller, unless it has no arrays; its owner
   * must not use it after.
   */
  void give(float[][] m) {
    if (m.length > 0) {
      spare.push(m);
    }
  }
}
