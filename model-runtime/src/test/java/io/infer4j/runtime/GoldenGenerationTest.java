package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.runtime.testing.SharedFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Greedy and seeded generation reproduce run.c's and llama.cpp's recorded outputs. */
class GoldenGenerationTest {

  /** What run.c prints and the ids it ran, from one run. */
  record Run(String text, int[] ids) {}

  static Run runLikeRunc(LlamaModel model, String prompt, int steps, Sampler sampler) {
    Tokenizer tok = model.tokenizer();
    int[] promptIds = tok.encode(prompt, true, false);
    TextDecoder out = TextDecoder.llama2c(tok);
    StringBuilder text = new StringBuilder();
    out.follow(promptIds[0]);
    for (int i = 1; i < promptIds.length; i++) {
      text.append(out.next(promptIds[i]));
    }
    Generator g = Generator.llama2c(model, promptIds, sampler, steps);
    for (int t = g.next(); t != Generator.END; t = g.next()) {
      text.append(out.next(t));
    }
    text.append(out.flush()).append('\n');
    return new Run(text.toString(), g.tokens());
  }

  static LlamaModel stories260KBin() {
    return LlamaModel.load(
        SharedFiles.model("stories260K.bin"),
        ModelOptions.defaults().withTokenizer(SharedFiles.model("tok512.bin")));
  }

  @Test
  void greedyFromTheLlama2cCheckpointMatchesRuncForOnceUponATime() {
    try (LlamaModel model = stories260KBin()) {
      for (int steps : new int[] {64, 256}) {
        String name = "runc/stories260K__once__n" + steps;
        Run run = runLikeRunc(model, "Once upon a time", steps, Samplers.greedy());
        assertArrayEquals(SharedFiles.goldenIds(name + ".ids.txt"), run.ids(), name);
        assertEquals(SharedFiles.goldenText(name + ".txt"), run.text(), name);
      }
    }
  }

  @Test
  void greedyFromTheLlama2cCheckpointMatchesRuncForAnEmptyPrompt() {
    try (LlamaModel model = stories260KBin()) {
      Run run = runLikeRunc(model, "", 64, Samplers.greedy());
      assertArrayEquals(SharedFiles.goldenIds("runc/stories260K__empty__n64.ids.txt"), run.ids());
      assertEquals(SharedFiles.goldenText("runc/stories260K__empty__n64.txt"), run.text());
    }
  }

  @Test
  void seededTopPSamplingMatchesRunc() {
    try (LlamaModel model = stories260KBin()) {
      String name = "runc-sampled/stories260K__once__t1.0_p0.9_s42_n256";
      Run run = runLikeRunc(model, "Once upon a time", 256, Samplers.llama2c(1.0f, 0.9f, 42));
      assertArrayEquals(SharedFiles.goldenIds(name + ".ids.txt"), run.ids());
      assertEquals(SharedFiles.goldenText(name + ".txt"), run.text());
    }
  }

  @Test
  void greedyFromTheF32GgufMatchesRuncAndLlamaCpp() {
    Path gguf = SharedFiles.model("stories260K-f32.gguf");
    try (LlamaModel model = LlamaModel.load(gguf)) {
      assertEquals(128, model.config().contextLength());
      Run run = runLikeRunc(model, "Once upon a time", 64, Samplers.greedy());
      assertArrayEquals(SharedFiles.goldenIds("runc/stories260K__once__n64.ids.txt"), run.ids());
      assertArrayEquals(
          SharedFiles.goldenIds("llamacpp/stories260K-f32__once__n64.kvf32.ids.txt"), run.ids());
      assertEquals(SharedFiles.goldenText("runc/stories260K__once__n64.txt"), run.text());
    }
  }

  @Test
  void greedyFromTheF32GgufWithTheContextRaisedTo512MatchesRuncFor256Steps() {
    Path gguf = SharedFiles.model("stories260K-f32.gguf");
    try (LlamaModel model = LlamaModel.load(gguf, ModelOptions.defaults().withContextLength(512))) {
      Run run = runLikeRunc(model, "Once upon a time", 256, Samplers.greedy());
      assertArrayEquals(SharedFiles.goldenIds("runc/stories260K__once__n256.ids.txt"), run.ids());
    }
  }
}
