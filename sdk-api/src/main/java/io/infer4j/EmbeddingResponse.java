package io.infer4j;

import java.util.List;
import java.util.Objects;

/**
 * The vectors of an {@link EmbeddingRequest}, one per input, in input order.
 *
 * @param embeddings one per input, {@code embeddings.get(i).index() == i}
 * @param model the model that embedded, as the backend names it
 * @param promptTokens tokens read, as the backend reports or infer4j counts them
 * @param backend the configured instance name that served the request
 */
public record EmbeddingResponse(List<Embedding> embeddings, String model, int promptTokens, String backend) {

  /**
   * Validates the response and copies the embeddings.
   *
   * @throws NullPointerException if {@code embeddings}, an element, {@code model} or {@code
   *     backend} is {@code null}
   * @throws IllegalArgumentException if an embedding's index is not its position, or {@code
   *     promptTokens} is negative
   */
  public EmbeddingResponse {
    embeddings = List.copyOf(embeddings);
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(backend, "backend");
    for (int i = 0; i < embeddings.size(); i++) {
      if (embeddings.get(i).index() != i) {
        throw new IllegalArgumentException("embedding " + i + " has index " + embeddings.get(i).index());
      }
    }
    if (promptTokens < 0) {
      throw new IllegalArgumentException("promptTokens must be >= 0: " + promptTokens);
    }
  }

  /**
   * {@return the vector of input {@code i}}
   *
   * @param i the input's position in the request, from 0
   * @throws IndexOutOfBoundsException if there is no input {@code i}
   */
  public float[] vector(int i) {
    return embeddings.get(i).vector();
  }
}
