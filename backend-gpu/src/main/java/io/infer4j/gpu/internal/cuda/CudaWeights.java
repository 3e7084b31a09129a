package io.infer4j.gpu.internal.cuda;

import io.infer4j.gpu.ModelDoesNotFitException;
import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.internal.model.LayerWeights;
import io.infer4j.runtime.internal.model.LlamaWeights;
import io.infer4j.runtime.internal.tensor.TensorView;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Llama model's weights uploaded once to one device: every matrix in {@link WeightLayout}'s
 * layout, norm vectors as float32. A tied classifier shares the embedding's buffers. Read-only
 * after upload, so any number of {@link CudaForward} sequences may share it; {@link #close()}
 * frees the device memory (close the sequences first).
 */
final class CudaWeights implements AutoCloseable {
  /**
   * Device memory kept free besides the model: the CUDA context, loaded modules and the driver's
   * own allocations (an estimate; a few tens of MiB in practice).
   */
  public static final long RESERVE_BYTES = 128L << 20;

  /** The stored bytes of a tensor in its file's layout, or {@code null} when not available. */
  @FunctionalInterface
  public interface FileBytes {
    /** No file bytes: every tensor is re-encoded from its view. */
    FileBytes NONE = view -> null;

    /** The bytes of {@code view} as stored in its file (GGML layout), or {@code null}. */
    MemorySegment of(TensorView view);
  }

  /** One block's device weights; shapes as in {@link LayerWeights}. */
  public record Layer(DeviceBuffer attentionNorm, DeviceMatrix wq, DeviceMatrix wk,
      DeviceMatrix wv, DeviceMatrix wo, DeviceBuffer ffnNorm, DeviceMatrix w1, DeviceMatrix w2,
      DeviceMatrix w3) {}

  private final CudaContext cuda;
  private final ModelConfig config;
  private final DeviceMatrix embedding; // (vocab, dim)
  private final List<Layer> layers;
  private final DeviceBuffer finalNorm; // (dim)
  private final DeviceMatrix classifier; // (vocab, dim); the embedding when tied
  private final List<AutoCloseable> owned;
  private final long bytes;

  private CudaWeights(CudaContext cuda, ModelConfig config, DeviceMatrix embedding,
      List<Layer> layers, DeviceBuffer finalNorm, DeviceMatrix classifier,
      List<AutoCloseable> owned, long bytes) {
    this.cuda = cuda;
    this.config = config;
    this.embedding = embedding;
    this.layers = List.copyOf(layers);
    this.finalNorm = finalNorm;
    this.classifier = classifier;
    this.owned = List.copyOf(owned);
    this.bytes = bytes;
  }

  /** Device bytes the weights of {@code w} take (a tied classifier counted once). */
  public static long weightBytes(ModelConfig c, LlamaWeights w) {
    Map<TensorView, Boolean> seen = new IdentityHashMap<>();
    long sum = 0;
    for (TensorView t : matrices(w)) {
      if (seen.put(t, Boolean.TRUE) == null) {
        sum += WeightLayout.totalDeviceBytes(t.type(), t.size());
      }
    }
    return sum + ((long) c.layers() * 2 + 1) * c.dim() * Float.BYTES;
  }

  private static List<TensorView> matrices(LlamaWeights w) {
    List<TensorView> all = new ArrayList<>();
    all.add(w.tokenEmbedding());
    for (LayerWeights l : w.layers()) {
      all.addAll(List.of(l.wq(), l.wk(), l.wv(), l.wo(), l.w1(), l.w2(), l.w3()));
    }
    all.add(w.classifier());
    return all;
  }

  /**
   * Checks that the weights plus {@code perSequenceBytes} (one sequence's KV cache and buffers)
   * and {@link #RESERVE_BYTES} fit in the device's free memory, then uploads them.
   *
   * @param fileBytes the tensors' stored bytes (needed for Q4_0; faster for all)
   * @throws ModelDoesNotFitException naming the bytes needed and free when they do not fit
   * @throws CudaException when a driver call fails
   */
  public static CudaWeights upload(CudaContext cuda, ModelConfig config, LlamaWeights weights,
      FileBytes fileBytes, long perSequenceBytes) {
    Objects.requireNonNull(fileBytes, "fileBytes");
    long need = weightBytes(config, weights) + perSequenceBytes + RESERVE_BYTES;
    long free = cuda.memoryInfo()[0];
    checkFits(cuda.deviceName(), need, free);
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      Map<TensorView, DeviceMatrix> uploaded = new IdentityHashMap<>();
      DeviceMatrix embedding = matrix(cuda, weights.tokenEmbedding(), fileBytes, uploaded, owned);
      List<Layer> layers = new ArrayList<>();
      for (LayerWeights l : weights.layers()) {
        layers.add(new Layer(
            vector(cuda, l.attentionNorm(), owned),
            matrix(cuda, l.wq(), fileBytes, uploaded, owned),
            matrix(cuda, l.wk(), fileBytes, uploaded, owned),
            matrix(cuda, l.wv(), fileBytes, uploaded, owned),
            matrix(cuda, l.wo(), fileBytes, uploaded, owned),
            vector(cuda, l.ffnNorm(), owned),
            matrix(cuda, l.w1(), fileBytes, uploaded, owned),
            matrix(cuda, l.w2(), fileBytes, uploaded, owned),
            matrix(cuda, l.w3(), fileBytes, uploaded, owned)));
      }
      DeviceBuffer finalNorm = vector(cuda, weights.finalNorm(), owned);
      DeviceMatrix classifier = matrix(cuda, weights.classifier(), fileBytes, uploaded, owned);
      return new CudaWeights(cuda, config, embedding, layers, finalNorm, classifier, owned,
          weightBytes(config, weights));
    } catch (RuntimeException e) {
      closeAll(owned, e);
      throw e;
    }
  }

  /**
   * @throws ModelDoesNotFitException when {@code need > free}, naming both in bytes and GiB
   */
  static void checkFits(String device, long need, long free) {
    if (need > free) {
      throw new ModelDoesNotFitException(String.format(java.util.Locale.ROOT,
          "the model needs %d bytes (%.2f GiB: weights, one sequence's KV cache and buffers, and"
              + " a %d MiB reserve) but %s has %d bytes (%.2f GiB) free",
          need, need / (double) (1L << 30), RESERVE_BYTES >> 20, device, free,
          free / (double) (1L << 30)), need, free, 1, 0);
    }
  }

  private static DeviceMatrix matrix(CudaContext cuda, TensorView t, FileBytes fileBytes,
      Map<TensorView, DeviceMatrix> uploaded, List<AutoCloseable> owned) {
    DeviceMatrix done = uploaded.get(t);
    if (done != null) {
      return done;
    }
    DeviceMatrix m = DeviceMatrix.upload(cuda, t, fileBytes.of(t));
    owned.add(m);
    uploaded.put(t, m);
    return m;
  }

  private static DeviceBuffer vector(CudaContext cuda, float[] v, List<AutoCloseable> owned) {
    DeviceBuffer b = cuda.upload(v);
    owned.add(b);
    return b;
  }

  private static void closeAll(List<AutoCloseable> owned, Throwable failure) {
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        if (failure != null) {
          failure.addSuppressed(e);
        }
      }
    }
  }

  /** The context the weights live in. */
  public CudaContext context() {
    return cuda;
  }

  /** The model's shape. */
  public ModelConfig config() {
    return config;
  }

  /** The token embedding (vocab, dim). */
  public DeviceMatrix embedding() {
    return embedding;
  }

  /** The blocks. */
  public List<Layer> layers() {
    return layers;
  }

  /** The final RMSNorm weight (dim). */
  public DeviceBuffer finalNorm() {
    return finalNorm;
  }

  /** The classifier (vocab, dim). */
  public DeviceMatrix classifier() {
    return classifier;
  }

  /** Device bytes of the weights. */
  public long byteSize() {
    return bytes;
  }

  /** Frees the device memory. Idempotent. */
  @Override
  public void close() {
    RuntimeException failure = new RuntimeException("closing the device weights failed");
    closeAll(owned, failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }
}
