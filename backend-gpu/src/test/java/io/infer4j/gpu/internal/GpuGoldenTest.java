package io.infer4j.gpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.Sampling;
import io.infer4j.runtime.testing.SharedFiles;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Through the client, the "gpu" backend's completions equal llama2.c run.c's recorded outputs.
 * run.c echoes the prompt, ends with a newline, and its {@code -n} counts every position after BOS
 * (prompt included): the completion is the golden text without the prompt and the newline, and
 * {@code maxTokens} is the golden id count minus the prompt's ids.
 */
class GpuGoldenTest {
  private static final String ONCE = "Once upon a time";
  private static final int ONCE_IDS = 5; // BOS 403 407 261 378

  static InferenceClient bin(String kernels) {
    return InferenceClients.create("gpu", Map.of(
        "model", SharedFiles.model("stories260K.bin").toString(),
        "tokenizer", SharedFiles.model("tok512.bin").toString(),
        "kernels", kernels));
  }

  static InferenceClient gguf(int contextLength) {
    Map<String, String> keys = new HashMap<>();
    keys.put("model", SharedFiles.model("stories260K-f32.gguf").toString());
    keys.put("kernels", "reference");
    if (contextLength > 0) {
      keys.put("context-length", String.valueOf(contextLength));
    }
    return InferenceClients.create("gpu", keys);
  }

  /** The completion in a run.c golden file: without the echoed prompt and the final newline. */
  static String completion(String golden, String prompt) {
    String text = SharedFiles.goldenText(golden + ".txt");
    return text.substring(prompt.length(), text.length() - 1);
  }

  static int completionTokens(String golden, int promptIds) {
    return SharedFiles.goldenIds(golden + ".ids.txt").length - promptIds;
  }

  static InferenceRequest greedy(String prompt, int maxTokens) {
    return InferenceRequest.builder().prompt(prompt).maxTokens(maxTokens).temperature(0).build();
  }

  @Test
  void greedyCompletionsFromTheLlama2cCheckpointEqualRunc() {
    try (InferenceClient client = bin("reference")) {
      for (String golden : new String[] {"runc/stories260K__once__n64", "runc/stories260K__once__n256"}) {
        int n = completionTokens(golden, ONCE_IDS);
        InferenceResponse r = client.generate(greedy(ONCE, n));
        assertEquals(completion(golden, ONCE), r.text(), golden);
        assertEquals(n, r.usage().completionTokens(), golden);
        assertEquals(FinishReason.LENGTH, r.finishReason(), golden);
      }
    }
  }

  @Test
  void anEmptyPromptStartsFromBosAsRuncDoes() {
    String golden = "runc/stories260K__empty__n64";
    try (InferenceClient client = bin("reference")) {
      InferenceResponse r = client.generate(greedy("", completionTokens(golden, 1)));
      assertEquals(completion(golden, ""), r.text());
      assertEquals(1, r.usage().promptTokens());
    }
  }

  @Test
  void theDefaultKernelsGiveTheSameGreedyText() {
    String golden = "runc/stories260K__once__n256";
    try (InferenceClient client = InferenceClients.create("gpu", Map.of(
        "model", SharedFiles.model("stories260K.bin").toString(),
        "tokenizer", SharedFiles.model("tok512.bin").toString()))) {
      InferenceResponse r = client.generate(greedy(ONCE, completionTokens(golden, ONCE_IDS)));
      assertEquals(completion(golden, ONCE), r.text());
    }
  }

  @Test
  void greedyFromTheF32GgufEqualsRuncWithinItsContextOf128() {
    String golden = "runc/stories260K__once__n64";
    try (InferenceClient client = gguf(0)) {
      assertEquals(completion(golden, ONCE),
          client.generate(greedy(ONCE, completionTokens(golden, ONCE_IDS))).text());
      InferenceResponse full = client.generate(greedy(ONCE, 500));
      assertEquals(FinishReason.CONTEXT_LENGTH, full.finishReason());
      assertEquals(128, full.usage().totalTokens());
    }
  }

  @Test
  void greedyFromTheF32GgufWithTheContextRaisedTo512EqualsRuncFor256Steps() {
    String golden = "runc/stories260K__once__n256";
    try (InferenceClient client = gguf(512)) {
      assertEquals(completion(golden, ONCE),
          client.generate(greedy(ONCE, completionTokens(golden, ONCE_IDS))).text());
    }
  }

  @Test
  void seededTopPSamplingEqualsRuncsSampledRun() {
    String golden = "runc-sampled/stories260K__once__t1.0_p0.9_s42_n256";
    try (InferenceClient client = bin("reference")) {
      InferenceRequest r = InferenceRequest.builder().prompt(ONCE)
          .sampling(Sampling.DEFAULT.withMaxTokens(completionTokens(golden, ONCE_IDS))
              .withTemperature(1.0).withTopP(0.9).withSeed(42L))
          .build();
      assertEquals(completion(golden, ONCE), client.generate(r).text());
    }
  }

  @Test
  void timingIsMeasuredAndSaysItWasOnTheCpuReferencePath() {
    try (InferenceClient client = bin("reference")) {
      InferenceResponse r = client.generate(greedy(ONCE, 8));
      assertFalse(r.timing().simulated());
      assertEquals("cpu-reference", r.timing().device());
      assertEquals(1, r.timing().deviceCount());
      assertEquals("stories260K.bin", r.model());
    }
  }
}
