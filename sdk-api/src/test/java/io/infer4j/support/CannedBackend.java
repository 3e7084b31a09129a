package io.infer4j.support;

import io.infer4j.Embedding;
import io.infer4j.EmbeddingRequest;
import io.infer4j.EmbeddingResponse;
import io.infer4j.FinishReason;
import io.infer4j.InferenceRequest;
import io.infer4j.TokenChunk;
import io.infer4j.ToolCall;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend that gives the same canned answer to every request: text in the given chunks, tool
 * calls, a finish reason; embeddings of a fixed small dimension. Records the requests it started.
 */
public final class CannedBackend implements Backend {

  private final Set<Capability> capabilities;
  private volatile List<String> chunks = List.of();
  private volatile List<ToolCall> calls = List.of();
  private volatile FinishReason finish = FinishReason.STOP;
  private final List<InferenceRequest> started = new CopyOnWriteArrayList<>();
  private final List<EmbeddingRequest> embedded = new CopyOnWriteArrayList<>();

  public CannedBackend(Capability... capabilities) {
    this.capabilities = capabilities.length == 0
        ? EnumSet.noneOf(Capability.class) : EnumSet.of(capabilities[0], capabilities);
  }

  /** Every capability there is. */
  public static CannedBackend capableOfAll() {
    return new CannedBackend(Capability.values());
  }

  public CannedBackend answering(FinishReason reason, String... textChunks) {
    this.finish = reason;
    this.chunks = List.of(textChunks);
    this.calls = List.of();
    return this;
  }

  public CannedBackend calling(ToolCall... toolCalls) {
    this.finish = FinishReason.TOOL_CALLS;
    this.chunks = List.of();
    this.calls = List.of(toolCalls);
    return this;
  }

  public List<InferenceRequest> started() {
    return started;
  }

  public List<EmbeddingRequest> embedded() {
    return embedded;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public Generation start(InferenceRequest request, Deadline deadline) {
    started.add(request);
    List<String> text = chunks;
    List<ToolCall> toolCalls = calls;
    FinishReason reason = finish;
    return new Generation() {
      private int next;

      @Override
      public TokenChunk next() {
        return next < text.size() ? TokenChunk.of(next, text.get(next++)) : null;
      }

      @Override
      public GenerationResult result() {
        return GenerationResult.of(reason, "canned").withToolCalls(toolCalls);
      }

      @Override
      public void close() {}
    };
  }

  /** Vector i of input i: (length of the text, i, 1). */
  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, Deadline deadline) {
    if (!capabilities.contains(Capability.EMBEDDINGS)) {
      return Backend.super.embed(request, deadline);
    }
    embedded.add(request);
    List<Embedding> out = new ArrayList<>();
    for (int i = 0; i < request.inputs().size(); i++) {
      out.add(new Embedding(i, new float[] {request.inputs().get(i).length(), i, 1}));
    }
    return new EmbeddingResponse(out, "canned-embed", request.inputs().size(), "");
  }

  @Override
  public void close() {}
}
