package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer4j.InvalidRequestException;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.testing.TinyModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorTest {
  @TempDir Path dir;
  private LlamaModel model;

  @BeforeEach
  void load() {
    model = LlamaModel.load(TinyModel.random(11, true).writeGguf(dir, "g.gguf", GgmlType.F32, 16));
  }

  @AfterEach
  void close() {
    model.close();
  }

  /** A sampler that returns the given ids in turn and records how often it was asked. */
  private static final class Scripted implements Sampler {
    final int[] ids;
    int calls;

    Scripted(int... ids) {
      this.ids = ids;
    }

    @Override
    public int sample(float[] logits) {
      return ids[calls++];
    }
  }

  private static List<Integer> drain(Generator g) {
    List<Integer> out = new ArrayList<>();
    for (int t = g.next(); t != Generator.END; t = g.next()) {
      out.add(t);
    }
    return out;
  }

  @Test
  void extraStopTokensSuchAsAChatEndOfTurnEndTheGenerationUnreturned() {
    Scripted s = new Scripted(7, 8, 9);
    Generator g = Generator.completion(model, new int[] {1, 5}, s, 10, java.util.Set.of(8));
    assertEquals(List.of(7), drain(g));
    assertEquals(StopReason.STOP_TOKEN, g.stopReason());
  }

  @Test
  void promptTokensAreForcedAndOnlyLaterPositionsAreSampled() {
    Scripted s = new Scripted(7, 8, 9, 10, 11);
    Generator g = Generator.llama2c(model, new int[] {1, 5, 6}, s, 6);
    assertEquals(List.of(7, 8, 9, 10), drain(g));
    assertEquals(4, s.calls);
    assertEquals(StopReason.STEP_LIMIT, g.stopReason());
    assertArrayEquals(new int[] {1, 5, 6, 7, 8, 9, 10}, g.tokens());
    assertEquals(4, g.generatedCount());
  }

  @Test
  void aCompletionProducesExactlyTheRequestedNumberOfNewTokens() {
    Generator g = Generator.completion(model, new int[] {1, 5, 6}, new Scripted(7, 8, 9, 10), 3);
    assertEquals(List.of(7, 8, 9), drain(g));
    Generator none = Generator.completion(model, new int[] {1}, new Scripted(), 0);
    assertEquals(Generator.END, none.next());
  }

  @Test
  void samplingBosOrEosStopsWithoutEmittingIt() {
    Generator g = Generator.llama2c(model, new int[] {1}, new Scripted(5, 2, 6), 10);
    assertNull(g.stopReason());
    assertEquals(List.of(5), drain(g));
    assertEquals(StopReason.STOP_TOKEN, g.stopReason());
    Generator b = Generator.llama2c(model, new int[] {1}, new Scripted(1), 10);
    assertEquals(List.of(), drain(b));
    assertEquals(StopReason.STOP_TOKEN, b.stopReason());
  }

  @Test
  void generationEndsCleanlyWhenTheContextIsFull() {
    int[] many = new int[30];
    java.util.Arrays.fill(many, 5);
    Generator g = Generator.llama2c(model, new int[] {1}, new Scripted(many), 100);
    assertEquals(16, drain(g).size());
    assertEquals(StopReason.CONTEXT_FULL, g.stopReason());
  }

  @Test
  void badPromptsAreInvalidRequests() {
    assertEquals(
        "prompt",
        assertThrows(
                InvalidRequestException.class,
                () -> Generator.llama2c(model, new int[0], Samplers.greedy(), 5))
            .field());
    assertEquals(
        "prompt",
        assertThrows(
                InvalidRequestException.class,
                () -> Generator.llama2c(model, new int[17], Samplers.greedy(), 5))
            .field());
    assertEquals(
        "maxTokens",
        assertThrows(
                InvalidRequestException.class,
                () -> Generator.completion(model, new int[] {1}, Samplers.greedy(), -1))
            .field());
  }

  @Test
  void greedyGenerationIsRepeatable() {
    int[] prompt = model.tokenizer().encode("ab he", true, false);
    Generator a = Generator.llama2c(model, prompt, Samplers.greedy(), 16);
    Generator b = Generator.llama2c(model, prompt, Samplers.greedy(), 16);
    assertEquals(drain(a), drain(b));
    assertArrayEquals(a.tokens(), b.tokens());
  }
}
