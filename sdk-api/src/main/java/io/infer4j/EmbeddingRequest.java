package io.infer4j;

import java.util.List;

/**
 * Texts to turn into vectors ({@link InferenceClient#embed}).
 *
 * @param inputs the texts, at least one, none null (an empty text is allowed)
 * @param model the embedding model, or {@code null} for the backend's default
 * @param budget the latency budget; {@link LatencyBudget#NONE} for none
 */
public record EmbeddingRequest(List<String> inputs, String model, LatencyBudget budget) {

  /**
   * Validates the request, copies the inputs and fills the default budget, {@link
   * LatencyBudget#NONE}.
   *
   * @throws InvalidRequestException if {@code inputs} is {@code null}, empty or holds {@code null},
   *     or {@code model} is blank
   */
  public EmbeddingRequest {
    if (inputs == null || inputs.isEmpty()) {
      throw new InvalidRequestException("inputs", "must hold at least one text");
    }
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i) == null) {
        throw new InvalidRequestException("inputs[" + i + "]", "must not be null");
      }
    }
    inputs = List.copyOf(inputs);
    if (model != null && model.isBlank()) {
      throw new InvalidRequestException("model", "must not be blank (leave it unset for the default)");
    }
    budget = budget == null ? LatencyBudget.NONE : budget;
  }

  /**
   * {@return the texts, default model, no budget}
   *
   * @param inputs the texts, at least one, none {@code null}
   * @throws InvalidRequestException if there is no input or one is {@code null}
   */
  public static EmbeddingRequest of(String... inputs) {
    return new EmbeddingRequest(java.util.Arrays.asList(inputs), null, LatencyBudget.NONE);
  }

  /**
   * {@return this request for {@code newModel}}
   *
   * @param newModel the embedding model, or {@code null} for the backend's default
   * @throws InvalidRequestException if {@code newModel} is blank
   */
  public EmbeddingRequest withModel(String newModel) {
    return new EmbeddingRequest(inputs, newModel, budget);
  }

  /**
   * {@return this request with {@code newBudget}}
   *
   * @param newBudget the latency budget; {@code null} for {@link LatencyBudget#NONE}
   */
  public EmbeddingRequest withBudget(LatencyBudget newBudget) {
    return new EmbeddingRequest(inputs, model, newBudget);
  }
}
