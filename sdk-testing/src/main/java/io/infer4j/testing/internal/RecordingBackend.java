package io.infer4j.testing.internal;

import io.infer4j.EmbeddingRequest;
import io.infer4j.EmbeddingResponse;
import io.infer4j.InferenceRequest;
import io.infer4j.TokenChunk;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import io.infer4j.spi.LatencyEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Passes requests to a delegate and records every response that completes (not the failed or
 * cancelled ones), tool calls included, and every embedding, in a {@link Cassette}, which rewrites
 * its file each time. Owns the delegate:
 * {@link #close()} closes it. Thread-safe as far as the delegate is. Not API.
 */
public final class RecordingBackend implements Backend {

  private final Backend delegate;
  private final Cassette cassette;

  public RecordingBackend(Backend delegate, Cassette cassette) {
    this.delegate = delegate;
    this.cassette = cassette;
  }

  /** The first cassette write that failed; reported by {@link #close()}. */
  private final java.util.concurrent.atomic.AtomicReference<io.infer4j.testing.CassetteException>
      writeFailure = new java.util.concurrent.atomic.AtomicReference<>();

  @Override
  public Set<Capability> capabilities() {
    return delegate.capabilities();
  }

  @Override
  public Optional<LatencyEstimate> estimate(InferenceRequest request) {
    return delegate.estimate(request);
  }

  @Override
  public Generation start(InferenceRequest request, Deadline deadline) {
    return new Recording(RequestKey.of(request), delegate.start(request, deadline));
  }

  /** Embeds with the delegate and records the vectors (a failure is not recorded). */
  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, Deadline deadline) {
    EmbeddingResponse response = delegate.embed(request, deadline);
    try {
      cassette.recordEmbeddings(EmbeddingKey.of(request), RecordedEmbeddings.of(response));
    } catch (io.infer4j.testing.CassetteException e) {
      writeFailure.compareAndSet(null, e);
    }
    return response;
  }

  /**
   * Closes the delegate, then reports the first cassette write that failed, if any (a write
   * failure never turns a good answer into a failed request).
   *
   * @throws io.infer4j.testing.CassetteException when a recording could not be written
   */
  /** The recorded backend's. */
  @Override
  public io.infer4j.spi.BackendHealth health() {
    return delegate.health();
  }

  @Override
  public void close() {
    delegate.close();
    io.infer4j.testing.CassetteException failed = writeFailure.getAndSet(null);
    if (failed != null) {
      throw failed;
    }
  }

  /** One generation passed through, its chunks collected until it completes. */
  private final class Recording implements Generation {
    private final RequestKey key;
    private final Generation inner;
    private final List<RecordedResponse.Chunk> chunks = new ArrayList<>();
    private volatile boolean closed;
    private GenerationResult result;

    Recording(RequestKey key, Generation inner) {
      this.key = key;
      this.inner = inner;
    }

    @Override
    public TokenChunk next() {
      TokenChunk chunk = inner.next();
      if (chunk != null) {
        chunks.add(RecordedResponse.Chunk.of(chunk));
        return chunk;
      }
      if (!closed && result == null) {
        result = inner.result();
        try {
          cassette.record(key, RecordedResponse.of(chunks, result));
        } catch (io.infer4j.testing.CassetteException e) {
          writeFailure.compareAndSet(null, e);
        }
      }
      return null;
    }

    @Override
    public GenerationResult result() {
      return result != null ? result : inner.result();
    }

    @Override
    public void close() {
      closed = true;
      inner.close();
    }
  }
}
