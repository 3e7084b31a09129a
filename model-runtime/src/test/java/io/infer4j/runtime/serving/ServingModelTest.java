package io.infer4j.runtime.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.FinishReason;
import io.infer4j.InferenceRequest;
import io.infer4j.InvalidRequestException;
import io.infer4j.LatencyBudget;
import io.infer4j.ModelNotFoundException;
import io.infer4j.Sampling;
import io.infer4j.TokenChunk;
import io.infer4j.Usage;
import io.infer4j.runtime.ChatTemplate;
import io.infer4j.runtime.Generator;
import io.infer4j.runtime.KernelMode;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.ModelOptions;
import io.infer4j.runtime.Samplers;
import io.infer4j.runtime.TextDecoder;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.testing.SharedFiles;
import io.infer4j.runtime.testing.TinyModel;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingModelTest {

  /** What a generation gave: its text, chunks and result. */
  record Served(String text, List<TokenChunk> chunks, GenerationResult result) {}

  static ServingModel stories(int contextLength) {
    LlamaModel model = LlamaModel.load(
        SharedFiles.model("stories260K.bin"),
        ModelOptions.defaults()
            .withTokenizer(SharedFiles.model("tok512.bin"))
            .withContextLength(contextLength)
            .withKernels(KernelMode.REFERENCE));
    return ServingModel.of("stories260K.bin", model);
  }

  static Served serve(ServingModel model, InferenceRequest request) {
    try (Generation g = model.start(request, Deadline.none())) {
      StringBuilder text = new StringBuilder();
      List<TokenChunk> chunks = new ArrayList<>();
      for (TokenChunk c = g.next(); c != null; c = g.next()) {
        chunks.add(c);
        text.append(c.text());
      }
      return new Served(text.toString(), chunks, g.result());
    }
  }

  static InferenceRequest greedy(String prompt, int maxTokens) {
    return InferenceRequest.builder().prompt(prompt).temperature(0).maxTokens(maxTokens).build();
  }

  /** The completion model-runtime's Generator gives for the same prompt. */
  static String generatorText(LlamaModel model, String prompt, int maxTokens) {
    int[] ids = model.tokenizer().encode(prompt, true, false);
    Generator gen = Generator.completion(model, ids, Samplers.greedy(), maxTokens);
    TextDecoder d = TextDecoder.utf8(model.tokenizer());
    d.follow(ids[ids.length - 1]);
    StringBuilder out = new StringBuilder();
    for (int t = gen.next(); t != Generator.END; t = gen.next()) {
      out.append(d.next(t));
    }
    return out.append(d.flush()).toString();
  }

  @Test
  void greedyTextEqualsTheGeneratorsAndUsageIsExact() {
    try (ServingModel model = stories(512)) {
      Served s = serve(model, greedy("Once upon a time", 40));
      assertEquals(generatorText(model.model(), "Once upon a time", 40), s.text());
      assertEquals(FinishReason.LENGTH, s.result().finishReason());
      assertEquals(Usage.reported(5, 40), s.result().usage());
      assertEquals("stories260K.bin", s.result().model());
    }
  }

  @Test
  void anEmptyPromptStartsFromBos() {
    try (ServingModel model = stories(512)) {
      Served s = serve(model, greedy("", 20));
      assertTrue(s.text().startsWith("Once upon a time"), s.text());
      assertEquals(1, s.result().usage().promptTokens());
    }
  }

  @Test
  void aStopStringEndsTheTextBeforeIt() {
    try (ServingModel model = stories(512)) {
      String full = serve(model, greedy("Once upon a time", 40)).text();
      InferenceRequest greedy = greedy("Once upon a time", 40);
      Served s = serve(model,
          greedy.toBuilder().sampling(greedy.sampling().withStop("Lily")).build());
      assertEquals(full.substring(0, full.indexOf("Lily")), s.text());
      assertEquals(FinishReason.STOP_SEQUENCE, s.result().finishReason());
      assertFalse(s.chunks().stream().anyMatch(c -> c.text().contains("Lil")), "held back");
    }
  }

  @Test
  void promptAndCompletionFillingTheContextEndWithContextLength() {
    try (ServingModel model = stories(16)) {
      Served s = serve(model, greedy("Once upon a time", 100));
      assertEquals(FinishReason.CONTEXT_LENGTH, s.result().finishReason());
      assertEquals(Usage.reported(5, 11), s.result().usage());
    }
  }

  @Test
  void aPromptLongerThanTheContextIsRefusedNamingBothLengths() {
    try (ServingModel model = stories(8)) {
      InvalidRequestException e = assertThrows(InvalidRequestException.class,
          () -> model.start(greedy("Once upon a time there was a dog", 4), Deadline.none()));
      assertEquals("prompt", e.field());
      assertTrue(e.getMessage().contains("context of 8 tokens"), e.getMessage());
    }
  }

  @Test
  void aChatForAModelWithoutTemplateIsRefusedNamingMessages() {
    try (ServingModel model = stories(512)) {
      assertFalse(model.supportsChat());
      InvalidRequestException e = assertThrows(InvalidRequestException.class,
          () -> model.start(InferenceRequest.ofUserMessage("hi"), Deadline.none()));
      assertEquals("messages", e.field());
    }
  }

  @Test
  void aRequestForAnotherModelIsRefusedAndOneForThisModelIsServed() {
    try (ServingModel model = stories(512)) {
      assertTrue(model.answers("stories260K"));
      assertTrue(model.answers(SharedFiles.model("stories260K.bin").toString()));
      InferenceRequest other = greedy("Once", 2).toBuilder().model("llama-2-7b").build();
      assertThrows(ModelNotFoundException.class, () -> model.start(other, Deadline.none()));
      InferenceRequest same = greedy("Once", 2).toBuilder().model("stories260K.bin").build();
      assertEquals(2, serve(model, same).result().usage().completionTokens());
    }
  }

  @Test
  void aChatIsRenderedWithTheModelsTemplate(@TempDir Path dir) {
    Path gguf = TinyModel.random(3, false)
        .writeGguf(dir, "chat.gguf", GgmlType.F32, 64, "{{ '[INST] <<SYS>>' }}");
    try (ServingModel model = ServingModel.of("chat.gguf", LlamaModel.load(gguf))) {
      assertTrue(model.supportsChat());
      InferenceRequest chat = InferenceRequest.builder().user("hi").maxTokens(3).temperature(0)
          .build();
      int expected = ChatTemplate.forModel(model.model()).encode(chat.messages(), true).length;
      assertEquals(expected, model.promptTokens(chat));
      assertEquals(expected, serve(model, chat).result().usage().promptTokens());
    }
  }

  @Test
  void theDeadlineIsCheckedBetweenRunsOfPromptTokens() {
    try (ServingModel model = stories(512)) {
      // a clock that advances 1 ms per reading: a 10 ms budget runs out inside the prompt
      // (about 400 tokens, checked every 32)
      AtomicLong now = new AtomicLong();
      Deadline deadline = Deadline.start(LatencyBudget.ofTotal(Duration.ofMillis(10)),
          () -> now.addAndGet(1_000_000), Clock.systemUTC());
      try (Generation g = model.start(greedy("Once upon a time there was a dog. ".repeat(40), 4),
          deadline)) {
        assertThrows(DeadlineExceededException.class, g::next);
      }
    }
  }

  @Test
  void zeroMaxTokensEndsAtOnceWithLength() {
    try (ServingModel model = stories(512)) {
      Served s = serve(model, greedy("Once", 0));
      assertEquals("", s.text());
      assertEquals(FinishReason.LENGTH, s.result().finishReason());
    }
  }

  @Test
  void theSameSeedGivesTheSameTextAndAnotherSeedAnother() {
    try (ServingModel model = stories(512)) {
      InferenceRequest r = InferenceRequest.builder().prompt("Once upon a time")
          .sampling(Sampling.DEFAULT.withMaxTokens(60).withTemperature(1.0).withTopP(0.9)
              .withSeed(42L))
          .build();
      String a = serve(model, r).text();
      assertEquals(a, serve(model, r).text());
      assertFalse(a.equals(serve(model, r.toBuilder()
          .sampling(r.sampling().withSeed(7L)).build()).text()));
    }
  }

  @Test
  void closingStopsTheLoopAndNextReturnsNull() {
    try (ServingModel model = stories(512)) {
      Generation g = model.start(greedy("Once upon a time", 200), Deadline.none());
      assertFalse(g.next() == null);
      g.close();
      assertNull(g.next());
      g.close();
    }
  }

  @Test
  void concurrentRequestsOnOneModelEachGetTheirOwnCache() throws Exception {
    try (ServingModel model = stories(512)) {
      String expected = serve(model, greedy("Once upon a time", 60)).text();
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Future<String>> answers = new ArrayList<>();
        Callable<String> task = () -> serve(model, greedy("Once upon a time", 60)).text();
        for (int i = 0; i < 3; i++) {
          answers.add(pool.submit(task));
        }
        for (Future<String> f : answers) {
          assertEquals(expected, f.get());
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void theHookSeesEveryStepAndCompletesTheResult() {
    try (ServingModel model = stories(512)) {
      List<Integer> steps = new ArrayList<>();
      ServingHook hook = new ServingHook() {
        @Override
        public void stepDone(int promptTokens, int step, TokenPause pause) {
          assertEquals(5, promptTokens);
          steps.add(step);
          assertTrue(pause.awaitSinceStart(Duration.ZERO));
        }

        @Override
        public GenerationResult complete(GenerationResult result) {
          return result.withDevice("test", 2);
        }
      };
      try (Generation g = model.start(greedy("Once upon a time", 3), Deadline.none(), hook)) {
        while (g.next() != null) {
          // drain
        }
        assertEquals(List.of(0, 1, 2), steps);
        assertEquals("test", g.result().device());
      }
    }
  }

  @Test
  void aClosedModelRefusesNewGenerationsButFinishesRunningOnes() {
    ServingModel model = stories(512);
    Generation running = model.start(greedy("Once upon a time", 5), Deadline.none());
    model.close();
    assertThrows(BackendUnavailableException.class,
        () -> model.start(greedy("Once", 1), Deadline.none()));
    int chunks = 0;
    while (running.next() != null) {
      chunks++;
    }
    assertEquals(5, chunks);
    assertArrayEquals(new int[] {5, 5},
        new int[] {running.result().usage().completionTokens(), chunks});
  }
}
