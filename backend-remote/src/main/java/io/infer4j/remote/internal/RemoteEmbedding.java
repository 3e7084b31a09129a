package io.infer4j.remote.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.infer4j.Embedding;
import io.infer4j.EmbeddingRequest;
import io.infer4j.EmbeddingResponse;
import io.infer4j.spi.Deadline;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One embedding request: {@code POST /v1/embeddings} ({@code {model, input: [...],
 * encoding_format: "float"}}), answered whole. Its attempts, their waits within the {@link
 * Deadline}, retries and errors are the generations' ({@link Attempts}, {@link ErrorMapper}); the
 * answer's {@code data[].embedding} are sorted by {@code index}, and {@code usage.prompt_tokens}
 * is read (without it, the prompt tokens are estimated at four characters a token). Runs on the
 * caller's thread; not reused.
 */
final class RemoteEmbedding {

  private final RemoteEngine engine;
  private final EmbeddingRequest request;
  private final String model;
  private final Attempts attempts;

  RemoteEmbedding(RemoteEngine engine, EmbeddingRequest request, Deadline deadline, String model) {
    this.engine = engine;
    this.request = request;
    this.model = model;
    this.attempts = new Attempts(engine, engine.embeddings(request, model), deadline);
  }

  /** Sends the request, retrying as the settings allow, and returns its vectors. */
  EmbeddingResponse run() {
    EmbeddingResponse answer = null;
    while (true) {
      Attempt a = attempts.current();
      StreamEvent e = attempts.poll(a, false, "");
      if (e instanceof StreamEvent.Payload) {
        try {
          answer = read(((StreamEvent.Payload) e).json());
        } catch (Failure f) {
          attempts.failed(a, f.failure, false, "");
        }
      } else if (e instanceof StreamEvent.End) {
        if (answer != null) {
          attempts.succeeded(a);
          return answer;
        }
        attempts.failed(a, malformed("the embeddings response ended without a body").failure,
            false, "");
      } else if (e instanceof StreamEvent.Failed) {
        attempts.failed(a, ((StreamEvent.Failed) e).failure(), false, "");
      }
      // null (woke early) or Wake: wait again
    }
  }

  private EmbeddingResponse read(String json) throws Failure {
    JsonNode root;
    try {
      root = engine.parser().object(json);
    } catch (IOException ex) {
      throw new Failure(engine.errors().malformed("malformed JSON in the embeddings response: "
          + ex.getMessage(), true));
    }
    ServerError error = engine.parser().error(root);
    if (error != null) {
      throw new Failure(engine.errors().inStream(error));
    }
    JsonNode data = root.get("data");
    if (data == null || !data.isArray()) {
      throw malformed("the embeddings response has no data array");
    }
    List<Embedding> vectors = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      JsonNode item = data.get(i);
      JsonNode index = item.get("index");
      JsonNode values = item.get("embedding");
      if (values == null || !values.isArray() || values.isEmpty()) {
        throw malformed("data[" + i + "].embedding is not an array of numbers");
      }
      float[] vector = new float[values.size()];
      for (int j = 0; j < vector.length; j++) {
        JsonNode v = values.get(j);
        if (!v.isNumber()) {
          throw malformed("data[" + i + "].embedding[" + j + "] is not a number");
        }
        vector[j] = v.floatValue();
      }
      int at = index != null && index.canConvertToInt() ? index.asInt() : i;
      if (at < 0) {
        throw malformed("data[" + i + "].index is negative: " + at);
      }
      vectors.add(new Embedding(at, vector));
    }
    vectors.sort(Comparator.comparingInt(Embedding::index));
    for (int i = 0; i < vectors.size(); i++) {
      if (vectors.get(i).index() != i) {
        throw malformed("the embeddings' indexes are not 0 to " + (vectors.size() - 1));
      }
    }
    if (vectors.size() != request.inputs().size()) {
      throw malformed(vectors.size() + " embeddings for " + request.inputs().size() + " inputs");
    }
    JsonNode prompt = root.path("usage").get("prompt_tokens");
    int promptTokens = prompt != null && prompt.canConvertToInt()
        ? Math.max(0, prompt.asInt()) : estimatedTokens();
    JsonNode served = root.get("model");
    String servedModel = served != null && served.isTextual() && !served.asText().isBlank()
        ? served.asText() : (model != null ? model : "");
    return new EmbeddingResponse(vectors, servedModel, promptTokens, engine.settings().instanceName());
  }

  private int estimatedTokens() {
    long chars = 0;
    for (String s : request.inputs()) {
      chars += s.length();
    }
    return (int) Math.min(Integer.MAX_VALUE, (chars + 3) / 4);
  }

  /** A well-formed JSON answer that is not an embeddings answer: the same request gets the same. */
  private Failure malformed(String what) {
    return new Failure(engine.errors().malformed(what, false));
  }

  /** A failure found while reading an answer, to hand to {@link Attempts#failed}. */
  private static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final transient AttemptFailure failure;

    Failure(AttemptFailure failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }
}
