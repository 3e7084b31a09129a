package io.infer4j.runtime.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.runtime.KernelMode;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.ModelOptions;
import io.infer4j.runtime.testing.SharedFiles;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A served model runs its forward passes on the engine it was given: one sequence per generation,
 * closed when the generation ends, and the engine closed with the model.
 */
class SequenceEngineTest {

  /** The CPU engine, counting what is opened and closed. */
  private static final class CountingEngine implements SequenceEngine {
    final SequenceEngine cpu;
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger engineClosed = new AtomicInteger();

    CountingEngine(LlamaModel model) {
      cpu = SequenceEngine.cpu(model);
    }

    @Override
    public Sequence open() {
      opened.incrementAndGet();
      Sequence inner = cpu.open();
      return new Sequence() {
        @Override
        public float[] forward(int token) {
          return inner.forward(token);
        }

        @Override
        public float[] forward(int[] tokens, int from, int count) {
          return inner.forward(tokens, from, count);
        }

        @Override
        public void close() {
          closed.incrementAndGet();
          inner.close();
        }
      };
    }

    @Override
    public void close() {
      engineClosed.incrementAndGet();
    }
  }

  @Test
  void eachGenerationOpensOneSequenceAndTheEngineClosesWithTheModel() {
    LlamaModel model = LlamaModel.load(SharedFiles.model("stories260K.bin"),
        ModelOptions.defaults().withTokenizer(SharedFiles.model("tok512.bin"))
            .withContextLength(512).withKernels(KernelMode.REFERENCE));
    CountingEngine engine = new CountingEngine(model);
    String viaEngine;
    try (ServingModel served = ServingModel.of("stories260K.bin", model, engine)) {
      viaEngine = ServingModelTest.serve(served, ServingModelTest.greedy("Once upon a time", 20)).text();
      ServingModelTest.serve(served, ServingModelTest.greedy("Once upon a time", 5));
      assertEquals(2, engine.opened.get());
      assertEquals(2, engine.closed.get(), "a sequence is closed when its generation ends");
      assertEquals(0, engine.engineClosed.get());
    }
    assertEquals(1, engine.engineClosed.get(), "closing the model closes its engine");

    try (ServingModel plain = ServingModelTest.stories(512)) {
      assertEquals(
          ServingModelTest.serve(plain, ServingModelTest.greedy("Once upon a time", 20)).text(), viaEngine,
          "the CPU engine computes what the default path computes");
    }
  }
}
