package io.infer4j.runtime.internal.kernels;

import io.infer4j.runtime.internal.tensor.F32Tensor;
import io.infer4j.runtime.internal.tensor.TensorView;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast matmul: rows split across the common fork-join pool when the matrix is large enough,
 * each row's dot product done with the Vector API (fused multiply-add, lane-parallel partial sums).
 * F32 weights are read straight from mapped memory; other types are dequantized a row at a time.
 * Results differ from {@link ReferenceMatmul} only by float rounding (summation order and FMA).
 * Stateless and thread-safe; weight segments must be readable from pool threads (shared or global
 * arenas, as {@code MappedFile} uses), not confined ones.
 */
public final class VectorMatmul implements Matmul {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  /** Multiply-adds below which one thread does the whole matrix (forking costs more). */
  private static final long PARALLEL_THRESHOLD = 1L << 16;

  /** Rows per parallel task. */
  private static final int ROWS_PER_TASK = 16;

  @Override
  public void matmul(float[] out, TensorView w, float[] x) {
    int d = w.rows();
    int n = w.cols();
    if (x.length < n || out.length < d) {
      throw new IllegalArgumentException(
          "matmul "
              + w
              + ": x has "
              + x.length
              + " (needs "
              + n
              + "), out has "
              + out.length
              + " (needs "
              + d
              + ")");
    }
    if ((long) d * n < PARALLEL_THRESHOLD) {
      rows(out, w, x, 0, d);
      return;
    }
    int tasks = (d + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
    IntStream.range(0, tasks)
        .parallel()
        .forEach(t -> rows(out, w, x, t * ROWS_PER_TASK, Math.min(d, (t + 1) * ROWS_PER_TASK)));
  }

  private static void rows(float[] out, TensorView w, float[] x, int from, int to) {
    int n = w.cols();
    if (w instanceof F32Tensor f32) {
      MemorySegment seg = f32.segment();
      for (int i = from; i < to; i++) {
        out[i] = dot(seg, (long) i * n * Float.BYTES, x, n);
      }
      return;
    }
    float[] row = new float[n];
    for (int i = from; i < to; i++) {
      w.readRow(i, row, 0);
      out[i] = dot(row, x, n);
    }
  }

  /** {@code sum(a[i] * b[i])} for {@code i < n}. */
  static float dot(float[] a, float[] b, int n) {
    FloatVector acc = FloatVector.zero(SPECIES);
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
      acc = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, i), acc);
    }
    float sum = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /** {@code sum(a[i] * b[i])} with {@code a} read as little-endian floats at {@code offset}. */
  static float dot(MemorySegment a, long offset, float[] b, int n) {
    FloatVector acc = FloatVector.zero(SPECIES);
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
      FloatVector va =
          FloatVector.fromMemorySegment(
              SPECIES, a, offset + (long) i * Float.BYTES, ByteOrder.LITTLE_ENDIAN);
      acc = va.fma(FloatVector.fromArray(SPECIES, b, i), acc);
    }
    float sum = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      sum +=
          a.get(
                  java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(
                      ByteOrder.LITTLE_ENDIAN),
                  offset + (long) i * Float.BYTES)
              * b[i];
    }
    return sum;
  }
}
