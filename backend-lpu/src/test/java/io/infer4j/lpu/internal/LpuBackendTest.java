package io.infer4j.lpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.Sampling;
import io.infer4j.Timing;
import io.infer4j.lpu.LpuPrecision;
import io.infer4j.runtime.testing.SharedFiles;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.Capability;
import io.infer4j.spi.LatencyEstimate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LpuBackendTest {
  private static final String ONCE = "Once upon a time";

  /**
   * The stories260K keys plus {@code keyValues}. Call it (or {@link #lpu}) before {@code
   * assertThrows}, never inside its lambda: without the shared files it skips the test by
   * throwing, and inside the lambda that throw would count as the wrong exception.
   */
  static Map<String, String> stories(String... keyValues) {
    Map<String, String> keys = new HashMap<>();
    keys.put("model", SharedFiles.model("stories260K.bin").toString());
    keys.put("tokenizer", SharedFiles.model("tok512.bin").toString());
    keys.put("kernels", "reference");
    for (int i = 0; i < keyValues.length; i += 2) {
      keys.put(keyValues[i], keyValues[i + 1]);
    }
    return keys;
  }

  static InferenceClient lpu(String... keyValues) {
    return InferenceClients.create("lpu", stories(keyValues));
  }

  static InferenceRequest greedy(String prompt, int maxTokens) {
    return InferenceRequest.builder().prompt(prompt).maxTokens(maxTokens).temperature(0).build();
  }

  static LpuBackend backend(String... keyValues) {
    return (LpuBackend) new LpuBackendProvider()
        .create(BackendConfig.ofMap("lpu", "lpu", stories(keyValues)));
  }

  @Test
  void theTokensAreTheModelsRealOnesAsRuncRecordedThem() {
    String golden = "runc/stories260K__once__n256";
    String text = SharedFiles.goldenText(golden + ".txt");
    int n = SharedFiles.goldenIds(golden + ".ids.txt").length - 5;
    try (InferenceClient client = lpu()) {
      InferenceResponse r = client.generate(greedy(ONCE, n));
      assertEquals(text.substring(ONCE.length(), text.length() - 1), r.text());
      assertEquals(FinishReason.LENGTH, r.finishReason());
    }
  }

  @Test
  void seededSamplingGivesRuncsSampledText() {
    String golden = "runc-sampled/stories260K__once__t1.0_p0.9_s42_n256";
    String text = SharedFiles.goldenText(golden + ".txt");
    int n = SharedFiles.goldenIds(golden + ".ids.txt").length - 5;
    try (InferenceClient client = lpu()) {
      InferenceRequest r = InferenceRequest.builder().prompt(ONCE)
          .sampling(Sampling.DEFAULT.withMaxTokens(n).withTemperature(1.0).withTopP(0.9)
              .withSeed(42L))
          .build();
      assertEquals(text.substring(ONCE.length(), text.length() - 1), client.generate(r).text());
    }
  }

  @Test
  void timingIsSimulatedOnTheChipsUsedAndTheSameForTheSameRequest() {
    try (InferenceClient client = lpu()) {
      Timing a = client.generate(greedy(ONCE, 30)).timing();
      Timing b = client.generate(greedy(ONCE, 30)).timing();
      assertTrue(a.simulated());
      assertEquals("lpu", a.device());
      assertTrue(a.deviceCount() > 0, a.toString());
      assertTrue(a.tokensPerSecond() > 0, a.toString());
      assertTrue(a.timeToFirstToken().compareTo(a.total()) < 0, a.toString());
      assertEquals(a, b);
    }
  }

  @Test
  void theTimeToFirstTokenGrowsWithThePromptLength() {
    try (InferenceClient client = lpu()) {
      Duration shortPrompt = client.generate(greedy(ONCE, 4)).timing().timeToFirstToken();
      Duration longPrompt = client.generate(greedy(ONCE + " there was a dog. ".repeat(20), 4))
          .timing().timeToFirstToken();
      assertTrue(longPrompt.compareTo(shortPrompt) > 0, shortPrompt + " vs " + longPrompt);
    }
  }

  @Test
  void networkAndQueueTermsAddToTheTimeToFirstTokenOnly() {
    Timing base;
    Timing remote;
    try (InferenceClient client = lpu()) {
      base = client.generate(greedy(ONCE, 10)).timing();
    }
    try (InferenceClient client = lpu("network-latency", "20ms", "queue-delay", "5ms")) {
      remote = client.generate(greedy(ONCE, 10)).timing();
    }
    assertEquals(Duration.ofMillis(25), remote.timeToFirstToken().minus(base.timeToFirstToken()));
    assertEquals(Duration.ofMillis(25), remote.total().minus(base.total()));
  }

  @Test
  void theEstimateIsThePlansWithFullConfidenceAndMatchesTheResponse() {
    try (LpuBackend b = backend("network-latency", "7ms");
        InferenceClient client = InferenceClients.of("lpu", b)) {
      assertTrue(b.capabilities().contains(Capability.LATENCY_ESTIMATE));
      assertTrue(b.capabilities().contains(Capability.SIMULATED_TIMING));
      LatencyEstimate e = b.estimate(greedy(ONCE, 8)).orElseThrow();
      assertEquals(1.0, e.confidence());
      assertEquals(client.generate(greedy(ONCE, 8)).timing().timeToFirstToken(),
          e.timeToFirstToken());
      assertTrue(e.perToken().compareTo(Duration.ZERO) > 0);
      assertTrue(b.estimate(InferenceRequest.ofUserMessage("hi")).isEmpty(), "no chat template");
    }
  }

  @Test
  void realTimePacingTakesAtLeastTheSimulatedTime() {
    try (InferenceClient client = lpu("pacing", "real-time", "network-latency", "30ms")) {
      long start = System.nanoTime();
      InferenceResponse r = client.generate(greedy(ONCE, 20));
      Duration wall = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(r.timing().total().compareTo(Duration.ofMillis(30)) > 0, r.timing().toString());
      assertTrue(wall.compareTo(r.timing().total()) >= 0, wall + " < " + r.timing().total());
    }
  }

  @Test
  void closingAPacedStreamEndsTheWaitAtOnce() {
    try (InferenceClient client = lpu("pacing", "real-time", "queue-delay", "60s")) {
      var stream = client.stream(greedy(ONCE, 5));
      Thread closer = new Thread(() -> {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        stream.close();
      });
      closer.start();
      InferenceResponse r = stream.response();
      assertEquals(FinishReason.CANCELLED, r.finishReason());
      assertEquals("", r.text());
    }
  }

  @Test
  void aPacedFirstTokenLaterThanItsBudgetFailsWithDeadlineExceeded() {
    try (InferenceClient client = lpu("pacing", "real-time", "network-latency", "10s")) {
      InferenceRequest r = greedy(ONCE, 5).toBuilder()
          .timeToFirstTokenBudget(Duration.ofMillis(50)).build();
      assertThrows(io.infer4j.DeadlineExceededException.class, () -> client.generate(r));
    }
  }

  @Test
  void precisionFollowsTheFileUnlessConfigured() {
    try (LpuBackend f32 = backend()) {
      assertEquals(LpuPrecision.FP16, f32.program().precision());
    }
    try (LpuBackend int8 = backend("precision", "int8", "chips", "2")) {
      assertEquals(LpuPrecision.INT8, int8.program().precision());
      assertEquals(2, int8.program().chips());
    }
    Map<String, String> q8 = Map.of("model", SharedFiles.model("stories260K-q8_0.gguf").toString());
    try (LpuBackend b = (LpuBackend) new LpuBackendProvider()
        .create(BackendConfig.ofMap("lpu", "lpu", q8))) {
      assertEquals(LpuPrecision.INT8, b.program().precision());
    }
  }

  @Test
  void badSimulationSettingsNameTheirKey() {
    for (String[] kv : new String[][] {
        {"chips", "-1"}, {"chips", "1000000"}, {"precision", "int4"},
        {"pacing", "fast"}, {"network-latency", "20"}}) {
      Map<String, String> keys = stories(kv);
      InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
          () -> InferenceClients.create("lpu", keys), String.join("=", kv));
      assertTrue(e.getMessage().contains("infer4j.backends.lpu." + kv[0]), e.getMessage());
    }
  }

  @Test
  void theProviderIsFoundAndItsBackendIsClosedWithTheClient() {
    assertTrue(InferenceClients.availableProviders().contains("lpu"));
    Backend b = backend();
    InferenceClient c = InferenceClients.of("lpu", b);
    c.close();
    assertFalse(c.toString().isEmpty());
    assertThrows(io.infer4j.BackendUnavailableException.class, () -> c.generate(greedy(ONCE, 1)));
  }
}
