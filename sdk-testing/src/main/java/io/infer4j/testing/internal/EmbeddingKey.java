package io.infer4j.testing.internal;

import io.infer4j.EmbeddingRequest;
import java.util.List;

/**
 * The canonical form of an embedding request under which a cassette stores its vectors: the input
 * texts in order and the model (the budget is left out). Immutable; written to cassettes as JSON.
 * Not API.
 *
 * @param inputs the texts, at least one
 * @param model the requested model, or {@code null} for the backend's default
 */
public record EmbeddingKey(List<String> inputs, String model) {

  public EmbeddingKey {
    if (inputs == null || inputs.isEmpty()) {
      throw new IllegalArgumentException("an embedding request needs inputs");
    }
    inputs = List.copyOf(inputs);
  }

  public static EmbeddingKey of(EmbeddingRequest request) {
    return new EmbeddingKey(request.inputs(), request.model());
  }

  /** A one-line description for error messages. */
  public String describe() {
    String first = inputs.get(0).replace("\n", "\\n");
    first = first.length() <= 60 ? first : first.substring(0, 57) + "...";
    return inputs.size() + " input(s), first \"" + first + "\" (model "
        + (model == null ? "default" : model) + ")";
  }
}
