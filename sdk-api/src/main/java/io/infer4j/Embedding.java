package io.infer4j;

import java.util.Arrays;

/**
 * The vector of one input. Immutable: the array is copied in and out.
 *
 * @param index which input of the request, from 0
 * @param vector the components
 */
public record Embedding(int index, float[] vector) {

  public Embedding {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0: " + index);
    }
    if (vector == null || vector.length == 0) {
      throw new IllegalArgumentException("vector must hold at least one component");
    }
    vector = vector.clone();
  }

  @Override
  public float[] vector() {
    return vector.clone();
  }

  public int dimensions() {
    return vector.length;
  }

  /** Cosine similarity with {@code other} (same dimensions), in [-1, 1]; 0 when either is zero. */
  public double cosine(Embedding other) {
    if (other.vector.length != vector.length) {
      throw new IllegalArgumentException(
          "dimensions differ: " + vector.length + " and " + other.vector.length);
    }
    double dot = 0;
    double a = 0;
    double b = 0;
    for (int i = 0; i < vector.length; i++) {
      dot += (double) vector[i] * other.vector[i];
      a += (double) vector[i] * vector[i];
      b += (double) other.vector[i] * other.vector[i];
    }
    return a == 0 || b == 0 ? 0 : dot / Math.sqrt(a * b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Embedding e && e.index == index && Arrays.equals(e.vector, vector);
  }

  @Override
  public int hashCode() {
    return 31 * index + Arrays.hashCode(vector);
  }

  @Override
  public String toString() {
    return "Embedding[index=" + index + ", dimensions=" + vector.length + "]";
  }
}
