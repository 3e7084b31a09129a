package io.infer4j.runtime.serving;

import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.Session;

/**
 * Where served generations run their forward passes. {@link #cpu(LlamaModel)} runs them on the
 * model's CPU kernels; a backend may supply another engine (a GPU) computing the same function.
 * Implementations are thread-safe: each generation opens its own {@link Sequence}.
 */
@FunctionalInterface
public interface SequenceEngine extends AutoCloseable {

  /** {@return a new sequence at position 0} */
  Sequence open();

  /**
   * Releases the engine (device memory, contexts). Called by {@link ServingModel#close()} after
   * the last generation ended. The CPU engine holds nothing of its own.
   */
  @Override
  default void close() {}

  /**
   * {@return the model's own CPU kernels (reference or Vector API, as it was loaded)}
   *
   * @param model the loaded model; the engine does not close it
   */
  static SequenceEngine cpu(LlamaModel model) {
    return () -> {
      Session session = model.newSession();
      return new Sequence() {
        @Override
        public float[] forward(int token) {
          return session.forward(token);
        }

        @Override
        public float[] forward(int[] tokens, int from, int count) {
          return session.forward(tokens, from, count);
        }

        @Override
        public void close() {
          // a Session holds only heap buffers
        }
      };
    };
  }
}
