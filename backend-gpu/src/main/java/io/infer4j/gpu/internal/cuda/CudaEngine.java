package io.infer4j.gpu.internal.cuda;

import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.internal.gguf.GgufFile;
import io.infer4j.runtime.internal.io.MappedFile;
import io.infer4j.runtime.internal.llama2c.Llama2cCheckpoint;
import io.infer4j.runtime.internal.model.GgufLlamaLoader;
import io.infer4j.runtime.internal.model.LlamaWeights;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A model on one CUDA device, ready to serve sequences: the context and the weights uploaded once
 * (from the model file, which is mapped only while uploading). {@link #newSequence()} gives each
 * request its own KV cache on the device.
 *
 * <p>This is the shape of the engine hook the serving adapter needs (see the README, "Wiring into
 * the serving adapter"): {@code newSequence()} replaces {@code LlamaModel.newSession()}, and {@link
 * CudaSequence#forward(int)} replaces {@code Session.forward(int)}.
 *
 * <p>Thread-safe: sequences may run concurrently on different threads (the context serialises
 * their launches; their buffers are separate). {@link #close()} frees the weights and releases
 * the context; close the sequences first.
 */
final class CudaEngine implements AutoCloseable {
  private final CudaContext cuda;
  private final CudaWeights weights;
  private final ForwardOptions options;
  /** Device states of closed sequences, kept for the next ones (their buffers and graphs). */
  private final java.util.ArrayDeque<CudaForward> idle = new java.util.ArrayDeque<>();
  private boolean closed;

  /** Most idle sequence states kept for reuse. */
  public static final int IDLE_SEQUENCES = 4;

  private CudaEngine(CudaContext cuda, CudaWeights weights, ForwardOptions options) {
    this.cuda = cuda;
    this.weights = weights;
    this.options = options;
  }

  /**
   * Opens CUDA device {@code ordinal} and uploads the model at {@code path} (GGUF, or a llama2.c
   * checkpoint).
   *
   * @param contextLength positions per sequence, or 0 for the file's
   * @throws CudaUnavailableException when the driver, NVRTC or the device is missing
   * @throws io.infer4j.gpu.ModelDoesNotFitException naming the bytes needed and free
   * @throws io.infer4j.ModelFormatException when the file cannot be read
   */
  public static CudaEngine open(int ordinal, Path path, int contextLength) {
    return open(ordinal, path, contextLength, ForwardOptions.defaults());
  }

  /** {@link #open(int, Path, int)} with the fast paths chosen by {@code options}. */
  public static CudaEngine open(int ordinal, Path path, int contextLength,
      ForwardOptions options) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    CudaContext cuda = CudaContext.open(ordinal);
    try {
      return new CudaEngine(cuda, upload(cuda, path, contextLength), options);
    } catch (RuntimeException e) {
      cuda.close();
      throw e;
    }
  }

  private static CudaWeights upload(CudaContext cuda, Path path, int contextLength) {
    boolean gguf = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf");
    if (gguf) {
      try (GgufFile file = GgufFile.open(path)) {
        ModelConfig config = GgufLlamaLoader.config(file, contextLength);
        LlamaWeights w = GgufLlamaLoader.weights(file, config);
        return CudaWeights.upload(cuda, config, w, view -> file.tensorData(view.name()),
            CudaForward.stateBytes(config, CudaForward.maxBatchFor(config)));
      }
    }
    try (MappedFile file = MappedFile.open(path)) {
      Llama2cCheckpoint checkpoint = Llama2cCheckpoint.read(file);
      ModelConfig config = contextLength > 0
          ? checkpoint.config().withContextLength(contextLength) : checkpoint.config();
      return CudaWeights.upload(cuda, config, checkpoint.weights(), CudaWeights.FileBytes.NONE,
          CudaForward.stateBytes(config, CudaForward.maxBatchFor(config)));
    }
  }

  /** The device's name. */
  public String deviceName() {
    return cuda.deviceName();
  }

  /** The device's compute capability. */
  public ComputeCapability capability() {
    return cuda.capability();
  }

  /** The model's shape. */
  public ModelConfig config() {
    return weights.config();
  }

  /** The uploaded weights. */
  public CudaWeights weights() {
    return weights;
  }

  /**
   * A new sequence at position 0 with its own device KV cache; the caller closes it. The device
   * state of a closed sequence is reused when one is idle: its buffers are not allocated again and
   * its recorded decode graphs replay at once (the cache's old contents are never read: a step
   * writes position p before attending to positions up to p).
   */
  public CudaSequence newSequence() {
    CudaForward reused;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the CUDA engine was closed");
      }
      reused = idle.pollFirst();
    }
    CudaForward f = reused != null ? reused
        : new CudaForward(weights, CudaForward.maxBatchFor(weights.config()), options);
    return new CudaSequence(f, this::release);
  }

  private void release(CudaForward f) {
    synchronized (this) {
      if (!closed && idle.size() < IDLE_SEQUENCES) {
        idle.addFirst(f);
        return;
      }
    }
    f.close();
  }

  /** Frees the device state kept for reuse by closed sequences. */
  public void closeIdleSequences() {
    List<CudaForward> drop;
    synchronized (this) {
      drop = List.copyOf(idle);
      idle.clear();
    }
    drop.forEach(CudaForward::close);
  }

  /** Frees the weights and releases the device. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    try {
      closeIdleSequences();
      weights.close();
    } finally {
      cuda.close();
    }
  }
}
