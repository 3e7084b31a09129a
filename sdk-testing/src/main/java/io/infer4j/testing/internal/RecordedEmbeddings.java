package io.infer4j.testing.internal;

import io.infer4j.Embedding;
import io.infer4j.EmbeddingResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The vectors of one embedding request as a cassette stores them, one per input in input order,
 * with the model and the prompt tokens the backend reported. Each float is written in a decimal
 * form that reads back as the same float, so vectors replay bit for bit. Immutable; written to
 * cassettes as JSON. Not API.
 */
public record RecordedEmbeddings(List<float[]> vectors, String model, int promptTokens) {

  public RecordedEmbeddings {
    Objects.requireNonNull(model, "model");
    if (vectors == null || vectors.isEmpty()) {
      throw new IllegalArgumentException("recorded embeddings need at least one vector");
    }
    List<float[]> copies = new ArrayList<>();
    for (float[] v : vectors) {
      copies.add(Objects.requireNonNull(v, "vector").clone());
    }
    vectors = List.copyOf(copies);
  }

  static RecordedEmbeddings of(EmbeddingResponse response) {
    return new RecordedEmbeddings(
        response.embeddings().stream().map(Embedding::vector).toList(),
        response.model(), response.promptTokens());
  }

  /** The response to replay; the client fills in the backend's name. */
  EmbeddingResponse toResponse(String backend) {
    List<Embedding> out = new ArrayList<>();
    for (float[] v : vectors) {
      out.add(new Embedding(out.size(), v));
    }
    return new EmbeddingResponse(out, model, promptTokens, backend);
  }
}
