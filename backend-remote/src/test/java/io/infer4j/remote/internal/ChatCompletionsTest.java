package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer4j.FinishReason;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.Sampling;
import io.infer4j.TokenChunk;
import io.infer4j.Usage;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Blocking and streamed chat completions, usage dialects and the request's wire form. */
class ChatCompletionsTest {

  private final MockWebServer server = new MockWebServer();
  private Remote remote;

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (remote != null) {
      remote.close();
    }
    server.close();
  }

  @Test
  void goldenLlamaServerStreamIsDeliveredTokenByTokenWithReportedUsage() throws Exception {
    server.enqueue(Remote.sse(Golden.read("chat-stream.response.sse.txt")));
    remote = Remote.to(server, "preset", "llamacpp", "api-key", "");
    List<String> pieces = new ArrayList<>();
    InferenceResponse r;
    try (InferenceStream s = remote.client.stream(Remote.chat("Once upon a time", null))) {
      for (TokenChunk c : s) {
        pieces.add(c.text());
      }
      r = s.response();
    }
    assertEquals(16, pieces.size());
    assertEquals("\"Here?\" Asked Jack.\n", r.text());
    assertEquals(FinishReason.LENGTH, r.finishReason());
    assertEquals(Usage.reported(46, 16), r.usage());
    assertEquals("stories260K", r.model());
    assertFalse(r.timing().simulated());
    assertTrue(r.timing().timeToFirstToken().compareTo(r.timing().total()) <= 0);
  }

  @Test
  void goldenLlamaServerNonStreamingAnswerArrivesAsOneChunk() throws Exception {
    server.enqueue(Remote.json(200, Golden.read("chat-nonstream.response.json")));
    remote = Remote.to(server, "stream", "false");
    InferenceResponse r = remote.client.generate(Remote.chat("Once upon a time", null));
    assertEquals("\"Here?\" Asked Jack.\nThey ran around and saw a big, sc", r.text());
    assertEquals(FinishReason.LENGTH, r.finishReason());
    assertEquals(Usage.reported(46, 32), r.usage());
    JsonNode sent = new ObjectMapper().readTree(server.takeRequest().getBody().utf8());
    assertFalse(sent.get("stream").asBoolean());
  }

  @Test
  void theRequestCarriesModelMessagesSamplingStreamOptionsAndBearerKey() throws Exception {
    server.enqueue(Remote.sse(Sse.stream().delta("hi").finish("stop").usage(3, 1).done().body()));
    remote = Remote.to(server, "api-key", "sk-test-key", "preset", "vllm",
        "base-url", server.url("/v1").toString());
    InferenceRequest req = InferenceRequest.builder().system("be brief").user("hello")
        .sampling(Sampling.DEFAULT.withMaxTokens(5).withTemperature(0.5).withTopP(0.9).withTopK(7)
            .withSeed(42L).withStop("END")).build();
    InferenceResponse r = remote.client.generate(req);
    assertEquals("hi", r.text());
    RecordedRequest rec = server.takeRequest();
    assertEquals("/v1/chat/completions", rec.getUrl().encodedPath());
    assertEquals("Bearer sk-test-key", rec.getHeaders().get("Authorization"));
    assertEquals("text/event-stream", rec.getHeaders().get("Accept"));
    JsonNode sent = new ObjectMapper().readTree(rec.getBody().utf8());
    assertEquals("m1", sent.get("model").asText());
    assertEquals("system", sent.get("messages").get(0).get("role").asText());
    assertEquals("hello", sent.get("messages").get(1).get("content").asText());
    assertEquals(5, sent.get("max_tokens").asInt());
    assertEquals(0.9, sent.get("top_p").asDouble());
    assertEquals(7, sent.get("top_k").asInt(), "vLLM accepts top_k");
    assertEquals(42, sent.get("seed").asLong());
    assertEquals("END", sent.get("stop").get(0).asText());
    assertTrue(sent.get("stream").asBoolean());
    assertTrue(sent.get("stream_options").get("include_usage").asBoolean());
  }

  @Test
  void openAiGetsMaxCompletionTokensAndNoNonStandardFields() throws Exception {
    server.enqueue(Remote.sse(Sse.stream().delta("ok").finish("stop").done().body()));
    remote = Remote.to(server, "preset", "openai", "api-key", "sk-x");
    remote.client.generate(InferenceRequest.builder().user("q")
        .sampling(Sampling.DEFAULT.withMaxTokens(9).withTopK(5)).build());
    JsonNode sent = new ObjectMapper().readTree(server.takeRequest().getBody().utf8());
    assertEquals(9, sent.get("max_completion_tokens").asInt());
    assertFalse(sent.has("max_tokens"));
    assertFalse(sent.has("top_k"));
  }

  @Test
  void aRawPromptGoesToTheCompletionsEndpoint() throws Exception {
    server.enqueue(Remote.json(200, Golden.read("completion-nonstream.response.json")));
    remote = Remote.to(server, "stream", "false");
    InferenceResponse r = remote.client.generate(InferenceRequest.ofPrompt("Once upon a time"));
    assertTrue(r.text().startsWith(", there was a little girl named Lily."));
    RecordedRequest rec = server.takeRequest();
    assertEquals("/v1/completions", rec.getUrl().encodedPath());
    assertEquals("Once upon a time",
        new ObjectMapper().readTree(rec.getBody().utf8()).get("prompt").asText());
  }

  @Test
  void groqUsageInXGroqIsReported() throws Exception {
    server.enqueue(Remote.sse(Sse.stream().delta("a").delta("b")
        .data("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],\"x_groq\":{\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":2}}}")
        .done().body()));
    remote = Remote.to(server, "preset", "groq", "api-key", "gsk-1");
    InferenceResponse r = remote.client.generate(Remote.chat("x", null));
    assertEquals(Usage.reported(11, 2), r.usage());
    assertEquals(FinishReason.STOP, r.finishReason());
  }

  @Test
  void cumulativePerChunkUsageKeepsTheLastCount() throws Exception {
    Sse nim = Sse.stream();
    for (int i = 1; i <= 3; i++) {
      nim.data("{\"choices\":[{\"delta\":{\"content\":\"t" + i + "\"}}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":" + i + "}}");
    }
    server.enqueue(Remote.sse(nim.finish("length").done().body()));
    remote = Remote.to(server, "preset", "nvidia-nim", "api-key", "nvapi-1");
    InferenceResponse r = remote.client.generate(Remote.chat("x", null));
    assertEquals("t1t2t3", r.text());
    assertEquals(Usage.reported(5, 3), r.usage());
  }

  @Test
  void withoutUsageTheSdkCountsAndSaysSo() throws Exception {
    server.enqueue(Remote.sse(Sse.stream().delta("a").delta("b").delta("c").finish("stop").done().body()));
    remote = Remote.to(server, "include-usage", "false");
    InferenceResponse r = remote.client.generate(Remote.chat("x", null));
    assertEquals(Usage.Source.COUNTED, r.usage().source());
    assertEquals(3, r.usage().completionTokens());
    assertFalse(new ObjectMapper().readTree(server.takeRequest().getBody().utf8()).has("stream_options"));
  }

  @Test
  void aStopStringNamedByVllmStopReasonEndsWithStopSequence() throws Exception {
    server.enqueue(Remote.sse(Sse.stream().delta("a")
        .data("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\",\"stop_reason\":\"END\"}]}")
        .done().body()));
    remote = Remote.to(server);
    InferenceResponse r = remote.client.generate(
        InferenceRequest.builder().user("x").sampling(Sampling.DEFAULT.withStop("END")).build());
    assertEquals(FinishReason.STOP_SEQUENCE, r.finishReason());
  }

  @Test
  void theBackendLearnsALatencyEstimateFromWhatItObserved() throws Exception {
    remote = Remote.to(server);
    assertTrue(remote.backend.estimate(Remote.chat("x", null)).isEmpty(), "nothing observed yet");
    server.enqueue(Remote.sse(Sse.stream().delta("a").delta("b").finish("stop").done().body()));
    remote.client.generate(Remote.chat("x", null));
    var estimate = remote.backend.estimate(Remote.chat("x", null)).orElseThrow();
    assertTrue(estimate.confidence() > 0 && estimate.confidence() < 1, "learnt, not exact");
  }

  @Test
  void rateLimitHeadersAreTrackedForTheRouter() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .addHeader("Content-Type", "text/event-stream")
        .addHeader("x-ratelimit-remaining-requests", "14")
        .addHeader("x-ratelimit-remaining-tokens", "5900")
        .addHeader("x-ratelimit-reset-requests", "6m0s")
        .addHeader("x-ratelimit-reset-tokens", "1.5s")
        .body(Sse.stream().delta("a").finish("stop").done().body())
        .build());
    remote = Remote.to(server, "api-key", "sk-ratelimit-test");
    remote.client.generate(Remote.chat("x", null));
    var limits = remote.backend.rateLimits();
    assertEquals(14L, limits.remainingRequests());
    assertEquals(5900L, limits.remainingTokens());
    assertEquals(java.time.Duration.ofMinutes(6), limits.resetRequests());
    assertEquals(java.time.Duration.ofMillis(1500), limits.resetTokens());
    assertFalse(limits.exhausted());
  }

  @Test
  void aStreamLongerThanTheEventQueueArrivesCompleteForASlowReader() throws Exception {
    Sse many = Sse.stream();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < Attempt.QUEUE_CAPACITY * 3; i++) {
      many.delta(i + ",");
      expected.append(i).append(',');
    }
    server.enqueue(Remote.sse(many.finish("length").done().body()));
    remote = Remote.to(server);
    StringBuilder got = new StringBuilder();
    // Asks for all the tokens sent: a stream past max-tokens is cut (ResponseCapTest).
    InferenceRequest all = InferenceRequest.builder().user("x").maxTokens(Attempt.QUEUE_CAPACITY * 3).build();
    try (InferenceStream s = remote.client.stream(all)) {
      int n = 0;
      for (TokenChunk c : s) {
        got.append(c.text());
        if (n++ == 0) {
          Thread.sleep(100); // let the callback thread fill the queue and wait
        }
      }
    }
    assertEquals(expected.toString(), got.toString());
  }
}
