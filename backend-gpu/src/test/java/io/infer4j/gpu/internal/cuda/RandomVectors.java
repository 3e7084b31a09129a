package io.infer4j.gpu.internal.cuda;

/** Deterministic test inputs for the kernels. */
final class RandomVectors {
  private RandomVectors() {}

  /** {@code n} values in (-1, 1) from {@code seed}. */
  static float[] values(int n, long seed) {
    java.util.Random r = new java.util.Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextFloat() * 2 - 1;
    }
    return x;
  }
}
