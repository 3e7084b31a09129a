package io.infer4j;

import java.util.Arrays;

/**
 * The vector of one input. Immutable: the array is copied in and out.
 *
 * @param index which input of the request, from 0
 * @param vector the components
 */
public record Embedding(int index, float[] vector) {

  /**
   * Validates the embedding and copies the vector.
   *
   * @throws IllegalArgumentException if {@code index} is negative or {@code vector} is {@code null}
   *     or empty
   */
  public Embedding {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0: " + index);
    }
    if (vector == null || vector.length == 0) {
      throw new IllegalArgumentException("vector must hold at least one component");
    }
    vector = vector.clone();
  }

  /** {@return a copy of the components} */
  @Override
  public float[] vector() {
    return vector.clone();
  }

  /** {@return the number of components} */
  public int dimensions() {
    return vector.length;
  }

  /**
   * {@return the cosine similarity with {@code other}, in [-1, 1]; 0 when either vector is zero}
   *
   * @param other an embedding of the same dimensions
   * @throws IllegalArgumentException if the dimensions differ
   */
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
