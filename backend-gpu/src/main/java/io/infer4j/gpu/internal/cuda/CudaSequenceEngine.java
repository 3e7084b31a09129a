package io.infer4j.gpu.internal.cuda;

import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.serving.Sequence;
import io.infer4j.runtime.serving.SequenceEngine;
import java.util.Arrays;

/**
 * The model runtime's serving adapter running its forward passes on a CUDA device: weights
 * uploaded once by {@link CudaEngine}, one device KV cache per {@link Sequence}.
 */
public final class CudaSequenceEngine implements SequenceEngine {

  private final CudaEngine engine;

  private CudaSequenceEngine(CudaEngine engine) {
    this.engine = engine;
  }

  /**
   * Uploads {@code model}'s file to device {@code ordinal}.
   *
   * @throws CudaUnavailableException when no driver, NVRTC or device is available
   */
  public static CudaSequenceEngine open(int ordinal, LlamaModel model) {
    return new CudaSequenceEngine(CudaEngine.open(ordinal, model.path(), model.config().contextLength()));
  }

  /** The device's name, for timing reports. */
  public String deviceName() {
    return engine.deviceName();
  }

  @Override
  public Sequence open() {
    CudaSequence s = engine.newSequence();
    return new Sequence() {
      @Override
      public float[] forward(int token) {
        return s.forward(token);
      }

      @Override
      public float[] forward(int[] tokens, int from, int count) {
        return s.prefill(Arrays.copyOfRange(tokens, from, from + count));
      }

      @Override
      public void close() {
        s.close();
      }
    };
  }

  @Override
  public void close() {
    engine.close();
  }
}
