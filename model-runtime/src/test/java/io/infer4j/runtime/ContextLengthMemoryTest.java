package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.testing.TinyModel;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A model file's context length bounds the positions a session may hold; it does not decide the
 * memory a session takes: a file that claims millions of positions loads and generates with the
 * memory of the positions used. A context length past any model's is refused at load, naming the
 * key that says it and the setting that overrides it.
 */
class ContextLengthMemoryTest {
  private static final int[] TOKENS = {1, 7, 12, 30, 4, 19, 33, 2};

  @TempDir Path dir;

  /** Bytes of heap the calling thread has allocated so far (HotSpot's per-thread counter). */
  private static long allocatedByThisThread() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  private static float[] lastLogits(LlamaModel model) {
    Session s = model.newSession();
    float[] logits = null;
    for (int t : TOKENS) {
      logits = s.forward(t);
    }
    return logits.clone();
  }

  @ParameterizedTest
  @EnumSource(KernelMode.class)
  void aFileClaimingFourMillionPositionsGeneratesWithTheMemoryOfThePositionsUsed(KernelMode k) {
    TinyModel tiny = TinyModel.random(3, false);
    Path huge = tiny.writeGguf(dir, "ctx22.gguf", GgmlType.F32, 1 << 22);
    Path small = tiny.writeGguf(dir, "ctx16.gguf", GgmlType.F32, 16);
    float[] expected;
    try (LlamaModel model = LlamaModel.load(small, ModelOptions.defaults().withKernels(k))) {
      expected = lastLogits(model);
    }
    long before = allocatedByThisThread();
    try (LlamaModel model = LlamaModel.load(huge, ModelOptions.defaults().withKernels(k))) {
      assertEquals(1 << 22, model.config().contextLength());
      float[] actual = lastLogits(model);
      long allocated = allocatedByThisThread() - before;
      // A full cache would be 2^22 positions x 16 floats x 2 layers x (K, V) x 4 bytes = 1 GiB.
      assertTrue(allocated < 16 << 20, "allocated " + allocated + " bytes for 8 positions");
      assertArrayEquals(expected, actual, 0f, "the context length does not change the logits");
    }
  }

  @ParameterizedTest
  @EnumSource(KernelMode.class)
  void aSequenceOf300PositionsHoldsTwoBlocksOf256WhateverTheContext(KernelMode k) {
    Path gguf = TinyModel.random(3, false).writeGguf(dir, "ctx22.gguf", GgmlType.F32, 1 << 22);
    long perPosition = (long) TinyModel.KV_DIM * TinyModel.LAYERS * 2 * Float.BYTES;
    try (LlamaModel model = LlamaModel.load(gguf, ModelOptions.defaults().withKernels(k))) {
      Session s = model.newSession();
      assertEquals(0, s.cacheBytes(), "nothing before the first token");
      s.forward(1);
      assertEquals(256 * perPosition, s.cacheBytes());
      int[] run = new int[299];
      java.util.Arrays.setAll(run, i -> 3 + i % (TinyModel.VOCAB - 3));
      s.forward(run, 0, run.length);
      assertEquals(300, s.position());
      assertEquals(512 * perPosition, s.cacheBytes());
    }
  }

  @Test
  void aFileClaimingMorePositionsThanAnyModelIsRefusedAtLoadNamingTheKeyAndTheOverride() {
    Path gguf = TinyModel.random(3, false).writeGguf(dir, "ctx25.gguf", GgmlType.F32, 1 << 25);
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> LlamaModel.load(gguf));
    String m = e.getMessage();
    assertTrue(m.contains("llama.context_length = 33554432"), m);
    assertTrue(m.contains("at most " + ModelConfig.MAX_CONTEXT_LENGTH), m);
    assertTrue(m.contains("context-length") && m.contains("withContextLength"), m);
    try (LlamaModel model = LlamaModel.load(gguf, ModelOptions.defaults().withContextLength(64))) {
      assertEquals(TinyModel.VOCAB, lastLogits(model).length);
    }
  }

  @Test
  void aContextLengthOptionPastAnyModelIsRefusedNamingTheLimit() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelOptions.defaults().withContextLength(2_000_000_000));
    assertTrue(e.getMessage().contains("2000000000"), e.getMessage());
    assertTrue(e.getMessage().contains("at most " + ModelConfig.MAX_CONTEXT_LENGTH), e.getMessage());
  }
}
