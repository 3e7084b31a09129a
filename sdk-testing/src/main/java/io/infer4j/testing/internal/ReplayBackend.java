package io.infer4j.testing.internal;

import io.infer4j.BackendUnavailableException;
import io.infer4j.EmbeddingRequest;
import io.infer4j.EmbeddingResponse;
import io.infer4j.InferenceRequest;
import io.infer4j.TokenChunk;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import java.util.EnumSet;
import java.util.Set;

/**
 * Serves responses from a {@link Cassette}, offline: the recorded chunks are streamed again with
 * the recorded finish reason, usage, model and tool calls; timing is measured afresh; embeddings
 * return the recorded vectors. A request with no recording fails with a non-retryable {@link
 * BackendUnavailableException} naming it. It declares every capability a recording may need
 * (tools, structured output, embeddings, images, audio), so that the client lets such requests
 * through to the cassette. Thread-safe. Not API.
 */
public final class ReplayBackend implements Backend {

  private final String name;
  private final Cassette cassette;

  /** @param name the instance name, for error messages */
  public ReplayBackend(String name, Cassette cassette) {
    this.name = name;
    this.cassette = cassette;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.RAW_PROMPT, Capability.CHAT, Capability.STREAMING,
        Capability.TOOLS, Capability.STRUCTURED_OUTPUT, Capability.EMBEDDINGS, Capability.IMAGES,
        Capability.AUDIO);
  }

  @Override
  public Generation start(InferenceRequest request, Deadline deadline) {
    RequestKey key = RequestKey.of(request);
    RecordedResponse recorded = cassette.find(key).orElseThrow(() -> new BackendUnavailableException(
        name,
        "no recording in cassette " + cassette.file() + " matches the request: " + key.describe()
            + "; record it first (the request key is the prompt or messages, model, sampling, tools,"
            + " tool choice and response format)",
        false));
    return new Generation() {
      private int index;
      private volatile boolean closed;

      @Override
      public TokenChunk next() {
        if (closed || index == recorded.chunks().size()) {
          return null;
        }
        RecordedResponse.Chunk c = recorded.chunks().get(index);
        return new TokenChunk(index++, c.text(), c.tokens());
      }

      @Override
      public GenerationResult result() {
        return recorded.toResult();
      }

      @Override
      public void close() {
        closed = true;
      }
    };
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, Deadline deadline) {
    EmbeddingKey key = EmbeddingKey.of(request);
    RecordedEmbeddings recorded = cassette.findEmbeddings(key).orElseThrow(() ->
        new BackendUnavailableException(name, "no recording in cassette " + cassette.file()
            + " matches the embedding request: " + key.describe()
            + "; record it first (the key is the inputs and the model)", false));
    return recorded.toResponse(name);
  }

  @Override
  public void close() {
    // nothing to release: the cassette was read when this backend was created
  }
}
