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
   * Uploads {@code model}'s file to device {@code ordinal} and runs one decode step (the model's
   * BOS token on a sequence opened and closed at once), so that everything the first request would
   * run into fails here: the kernels are compiled (NVRTC) or loaded, and the forward pass checks
   * the model's shape.
   *
   * @throws CudaUnavailableException when no driver, NVRTC or device is available
   * @throws CudaException when a driver or NVRTC call fails (kernels that do not compile or load)
   * @throws io.infer4j.gpu.ModelDoesNotFitException when the device lacks the memory, naming bytes
   * @throws IllegalArgumentException when the CUDA kernels cannot run the model's shape (RoPE
   *     scaling, head size)
   */
  public static CudaSequenceEngine open(int ordinal, LlamaModel model) {
    CudaEngine engine = CudaEngine.open(ordinal, model.path(), model.config().contextLength());
    try {
      try (CudaSequence probe = engine.newSequence()) {
        probe.forward(model.tokenizer().bosId());
      }
      return new CudaSequenceEngine(engine);
    } catch (RuntimeException e) {
      try {
        engine.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** The device's name, for timing reports. */
  public String deviceName() {
    return engine.deviceName();
  }

  /** The device's compute capability. */
  public ComputeCapability capability() {
    return engine.capability();
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
