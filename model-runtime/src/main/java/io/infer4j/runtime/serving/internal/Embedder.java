package io.infer4j.runtime.serving.internal;

import io.infer4j.Embedding;
import io.infer4j.EmbeddingRequest;
import io.infer4j.EmbeddingResponse;
import io.infer4j.InvalidRequestException;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.Session;
import io.infer4j.spi.Deadline;
import java.util.ArrayList;
import java.util.List;

/**
 * Text embeddings from a generative model: each input is encoded as a raw prompt is (BOS, then
 * the text), run through the model on the CPU kernels, and its final hidden states (after the
 * final norm, one per position, BOS included) are averaged and scaled to unit length. A cosine
 * of two such vectors is their dot product. Stateless; each input gets its own session.
 */
public final class Embedder {
  private Embedder() {}

  /**
   * The vectors of {@code request}'s inputs, in order.
   *
   * @param modelName the model name the response reports
   * @param backend the backend instance name the response reports
   * @throws InvalidRequestException naming {@code inputs[i]} if an input is longer than the
   *     model's context, or gives no tokens (empty, with a vocabulary that adds no BOS)
   * @throws io.infer4j.DeadlineExceededException when the budget runs out (checked between tokens)
   */
  public static EmbeddingResponse embed(LlamaModel model, String modelName, String backend,
      EmbeddingRequest request, Deadline deadline) {
    List<Embedding> out = new ArrayList<>();
    int tokens = 0;
    int context = model.config().contextLength();
    for (int i = 0; i < request.inputs().size(); i++) {
      int[] ids = model.tokenizer().encodePrompt(request.inputs().get(i));
      if (ids.length == 0) {
        throw new InvalidRequestException("inputs[" + i + "]", "gives no tokens: it is empty and"
            + " the model's vocabulary puts no BOS in front of a text");
      }
      if (ids.length > context) {
        throw new InvalidRequestException("inputs[" + i + "]", "is " + ids.length
            + " tokens, longer than the model's context of " + context + " tokens");
      }
      out.add(new Embedding(i, meanPooled(model.newSession(), ids, deadline)));
      tokens += ids.length;
    }
    return new EmbeddingResponse(out, modelName, tokens, backend);
  }

  /** The L2-normalised mean of the final hidden states at every position of {@code ids}. */
  static float[] meanPooled(Session session, int[] ids, Deadline deadline) {
    int dim = -1;
    double[] sum = null;
    for (int id : ids) {
      deadline.check(true, ""); // no first token here: the total budget applies
      session.forward(id);
      float[] h = session.hidden();
      if (sum == null) {
        dim = h.length;
        sum = new double[dim];
      }
      for (int j = 0; j < dim; j++) {
        sum[j] += h[j];
      }
    }
    double norm = 0;
    for (int j = 0; j < dim; j++) {
      norm += sum[j] * sum[j]; // the mean's direction is the sum's: divide once, by the norm
    }
    norm = Math.sqrt(norm);
    float[] v = new float[dim];
    for (int j = 0; j < dim; j++) {
      v[j] = norm == 0 ? 0f : (float) (sum[j] / norm);
    }
    return v;
  }
}
