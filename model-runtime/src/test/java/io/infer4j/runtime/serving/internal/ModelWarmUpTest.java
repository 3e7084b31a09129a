package io.infer4j.runtime.serving.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceRequest;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.serving.Sequence;
import io.infer4j.runtime.serving.SequenceEngine;
import io.infer4j.runtime.serving.ServingModel;
import io.infer4j.runtime.testing.TinyModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm-up at load runs throwaway generations until a run finds the JIT compiler quiet, within
 * its time; it never runs a prompt the context cannot hold (the key: {@code ModelSettingsTest}).
 * A counting engine stands for the forward passes, a counter driven by the runs for the JVM's
 * compilation time.
 */
class ModelWarmUpTest {
  @TempDir Path dir;

  /** A served tiny model whose forward passes are counted into {@code passes}. */
  private ServingModel counted(int context, AtomicInteger passes) {
    Path gguf = TinyModel.random(3, true).writeGguf(dir, "tiny.gguf", GgmlType.F32, context);
    LlamaModel model = LlamaModel.load(gguf);
    SequenceEngine cpu = SequenceEngine.cpu(model);
    SequenceEngine counting = () -> {
      Sequence s = cpu.open();
      return new Sequence() {
        @Override
        public float[] forward(int token) {
          passes.incrementAndGet();
          return s.forward(token);
        }

        @Override
        public float[] forward(int[] tokens, int from, int count) {
          passes.incrementAndGet();
          return s.forward(tokens, from, count);
        }

        @Override
        public void close() {
          s.close();
        }
      };
    };
    return ServingModel.of("tiny.gguf", model, counting);
  }

  @Test
  void runsUntilARunFindsTheCompilerQuiet() {
    AtomicInteger passes = new AtomicInteger();
    AtomicLong nanos = new AtomicLong();
    long[] busy = {500, 200, 0}; // ms the compiler worked during runs 1, 2, 3
    AtomicInteger reads = new AtomicInteger();
    try (ServingModel model = counted(256, passes)) {
      int runs = ModelWarmUp.run(model, Duration.ofSeconds(30), () -> nanos.addAndGet(1_000),
          () -> busyBefore(busy, reads));

      assertEquals(3, runs);
      // a prompt pass and some tokens each (a random model may end a run at its EOS early)
      assertTrue(passes.get() >= 2 * runs, "forward passes: " + passes);
    }
  }

  /**
   * The compilation time so far as the warm-up reads it: read twice a run (before and after), it
   * adds run {@code i}'s {@code busy[i]} on the second read.
   */
  private static long busyBefore(long[] busy, AtomicInteger reads) {
    int read = reads.getAndIncrement();
    long total = 0;
    for (int i = 0; i < busy.length && i < (read + 1) / 2; i++) {
      total += busy[i];
    }
    return total;
  }

  @Test
  void withoutACompilationCounterOneRunIsMade() {
    AtomicInteger passes = new AtomicInteger();
    try (ServingModel model = counted(256, passes)) {
      assertEquals(1, ModelWarmUp.run(model, Duration.ofSeconds(30), System::nanoTime, null));
      assertTrue(passes.get() > 0);
    }
  }

  @Test
  void zeroTimeMakesNoRun() {
    AtomicInteger passes = new AtomicInteger();
    try (ServingModel model = counted(256, passes)) {
      assertEquals(0, ModelWarmUp.run(model, Duration.ZERO));
      assertEquals(0, passes.get());
    }
  }

  @Test
  void theTimeAllowedBoundsTheWarmUpEvenWhileTheCompilerIsBusy() {
    AtomicInteger passes = new AtomicInteger();
    AtomicLong compiledMs = new AtomicLong();
    try (ServingModel model = counted(256, passes)) {
      // every read of the clock is 1 ms later, every read of the counter 1 s more compiling
      AtomicLong nanos = new AtomicLong();
      int runs = ModelWarmUp.run(model, Duration.ofMillis(200), () -> nanos.addAndGet(1_000_000),
          () -> compiledMs.addAndGet(1_000));

      assertTrue(runs >= 1 && runs < 200, "runs: " + runs);
    }
  }

  @Test
  void thePromptIsCutToLeaveItsTokensRoomInTheContext() {
    AtomicInteger passes = new AtomicInteger();
    try (ServingModel wide = counted(256, passes)) {
      InferenceRequest full = ModelWarmUp.fittingRequest(wide);
      assertNotNull(full);
      assertEquals(ModelWarmUp.TEXT, full.prompt());
    }
    try (ServingModel narrow = counted(ModelWarmUp.TOKENS + 6, passes)) {
      InferenceRequest cut = ModelWarmUp.fittingRequest(narrow);
      assertNotNull(cut, "a few words fit in 6 positions");
      assertTrue(ModelWarmUp.TEXT.startsWith(cut.prompt()) && cut.prompt().length() < 40, cut.prompt());
      assertTrue(narrow.promptTokens(cut) + ModelWarmUp.TOKENS <= ModelWarmUp.TOKENS + 6);
    }
    try (ServingModel none = counted(ModelWarmUp.TOKENS, passes)) {
      assertNull(ModelWarmUp.fittingRequest(none));
      assertEquals(0, ModelWarmUp.run(none, Duration.ofSeconds(1)));
    }
  }
}
