package io.infer4j.testing.internal;

import io.infer4j.Embedding;
import io.infer4j.EmbeddingRequest;
import io.infer4j.EmbeddingResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The fake's embeddings: a scripted vector per input text, else the {@link HashedEmbedding} of the
 * text; and the requests received. Prompt tokens are the words of the inputs, as for a
 * generation's prompt. Thread-safe. Not API.
 */
public final class FakeEmbeddings {

  private final Map<String, float[]> scripted = new HashMap<>(); // guarded by this
  private final List<EmbeddingRequest> requests = new ArrayList<>(); // guarded by this
  private int dimensions = HashedEmbedding.DEFAULT_DIMENSIONS; // guarded by this

  /** Every later request embeds {@code input} (exactly this text) as {@code vector}. */
  public synchronized void script(String input, float[] vector) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(vector, "vector");
    if (vector.length == 0) {
      throw new IllegalArgumentException("a vector needs at least one component");
    }
    scripted.put(input, vector.clone());
  }

  /** The dimensions of the default vectors. */
  public synchronized void dimensions(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("dimensions must be >= 1: " + n);
    }
    dimensions = n;
  }

  /** Records the request and embeds its inputs; the backend name is left for the client to fill. */
  public EmbeddingResponse embed(EmbeddingRequest request, String model) {
    List<Embedding> out = new ArrayList<>();
    int words = 0;
    synchronized (this) {
      requests.add(request);
      for (String input : request.inputs()) {
        float[] v = scripted.get(input);
        out.add(new Embedding(out.size(), v != null ? v : HashedEmbedding.of(input, dimensions)));
        words += WordChunks.countWords(input);
      }
    }
    return new EmbeddingResponse(out, model, words, "fake");
  }

  public synchronized List<EmbeddingRequest> requests() {
    return List.copyOf(requests);
  }

  /** Forgets the scripted vectors and the requests; back to the default dimensions. */
  public synchronized void reset() {
    scripted.clear();
    requests.clear();
    dimensions = HashedEmbedding.DEFAULT_DIMENSIONS;
  }
}
