package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.Cost;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.Usage;
import java.math.BigDecimal;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cost a remote backend puts on a response: from the configured price, else the preset's list
 * price for the model; none without either, or without reported counts. Cached prompt tokens come
 * from the server's usage, streamed or whole, and are priced at the cached-input price.
 */
class CostOnTheResponseTest {

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

  private InferenceResponse streamedAnswer(int prompt, int completion, int cached) {
    server.enqueue(Remote.sse(Sse.stream().delta("ok").finish("stop")
        .usage(prompt, completion, cached).done().body()));
    return remote.client.generate(Remote.chat("x", null));
  }

  private static BigDecimal usd(InferenceResponse r) {
    return r.usage().cost().orElseThrow().usd();
  }

  @Test
  void aConfiguredPriceGivesTheExactCostNamingTheKeys() {
    remote = Remote.to(server, "price-input-per-million", "0.59", "price-output-per-million", "0.79");
    InferenceResponse r = streamedAnswer(1000, 500, 0);
    // 1,000 x $0.59/M + 500 x $0.79/M = $0.00059 + $0.000395
    assertEquals(new Cost(new BigDecimal("0.000985"),
        "configured: infer4j.backends.r.price-*-per-million"), r.usage().cost().orElseThrow());
    assertEquals(Usage.Source.REPORTED, r.usage().source());
  }

  @Test
  void cachedTokensOfAStreamedAnswerArePricedAtTheCachedPrice() {
    remote = Remote.to(server, "price-input-per-million", "0.15",
        "price-cached-input-per-million", "0.075", "price-output-per-million", "0.60");
    InferenceResponse r = streamedAnswer(2000, 100, 1500);
    assertEquals(1500, r.usage().cachedPromptTokens());
    assertEquals(2000, r.usage().promptTokens(), "cached tokens stay part of the prompt");
    // 500 x 0.15 + 1,500 x 0.075 + 100 x 0.60 = 75 + 112.5 + 60 = 247.5 per million
    assertEquals(0, new BigDecimal("0.0002475").compareTo(usd(r)), usd(r).toPlainString());
  }

  @Test
  void withoutACachedPriceCachedTokensCostTheInputPrice() {
    remote = Remote.to(server, "price-input-per-million", "1", "price-output-per-million", "2");
    InferenceResponse r = streamedAnswer(1_000_000, 0, 400_000);
    assertEquals(0, BigDecimal.ONE.compareTo(usd(r)), usd(r).toPlainString());
  }

  @Test
  void cachedTokensOfAWholeAnswerAreReadAndPriced() {
    server.enqueue(Remote.json(200, "{\"model\":\"m1\",\"choices\":[{\"index\":0,\"message\":"
        + "{\"role\":\"assistant\",\"content\":\"whole\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":10,\"total_tokens\":310,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":256}}}"));
    remote = Remote.to(server, "stream", "false", "price-input-per-million", "2",
        "price-cached-input-per-million", "0.5", "price-output-per-million", "8");
    InferenceResponse r = remote.client.generate(Remote.chat("x", null));
    assertEquals("whole", r.text());
    assertEquals(Usage.reported(300, 10, 256).withCost(
        Cost.usd("0.000296", "configured: infer4j.backends.r.price-*-per-million")), r.usage(),
        "44 x 2 + 256 x 0.5 + 10 x 8 = 296 per million");
  }

  @Test
  void aPresetsListedModelIsPricedFromItsTableWithTheSourceAndDate() {
    remote = Remote.to(server, "preset", "groq", "api-key", "gsk-1", "model", "llama-3.3-70b-versatile");
    InferenceResponse r = streamedAnswer(1000, 500, 0);
    Cost c = r.usage().cost().orElseThrow();
    assertEquals(0, new BigDecimal("0.000985").compareTo(c.usd()), c.usd().toPlainString());
    assertTrue(c.source().contains("llama-3.3-70b-versatile"), c.source());
    assertTrue(c.source().contains("console.groq.com/docs/models"), c.source());
    assertTrue(c.source().contains("2026-12-04"), c.source());
  }

  @Test
  void aConfiguredPriceOverridesTheListPrice() {
    remote = Remote.to(server, "preset", "groq", "api-key", "gsk-1", "model", "llama-3.3-70b-versatile",
        "price-input-per-million", "0", "price-output-per-million", "0");
    InferenceResponse r = streamedAnswer(1000, 500, 0);
    assertEquals(0, usd(r).signum());
    assertTrue(r.usage().cost().orElseThrow().source().startsWith("configured"));
  }

  @Test
  void theModelTheRequestNamesIsTheOnePriced() {
    remote = Remote.to(server, "preset", "openai", "api-key", "sk-1", "model", "unlisted");
    server.enqueue(Remote.sse(Sse.stream().delta("ok").finish("stop").usage(1000, 1000, 0).done().body()));
    InferenceResponse r = remote.client.generate(
        InferenceRequest.builder().model("gpt-4o-mini").user("x").maxTokens(4).build());
    // 1,000 x 0.15 + 1,000 x 0.60 = 750 per million
    assertEquals(0, new BigDecimal("0.00075").compareTo(usd(r)), usd(r).toPlainString());
  }

  @Test
  void anUnlistedModelOrASelfHostedServerHasNoCost() throws Exception {
    remote = Remote.to(server, "preset", "groq", "api-key", "gsk-1", "model", "some-new-model");
    assertTrue(streamedAnswer(10, 2, 0).usage().cost().isEmpty());
    remote.close();
    remote = Remote.to(server, "preset", "vllm");
    InferenceResponse r = streamedAnswer(10, 2, 4);
    assertEquals(Usage.reported(10, 2, 4), r.usage(), "cached tokens, and no cost");
  }

  @Test
  void countsTheServerDidNotReportAreNotPriced() {
    remote = Remote.to(server, "include-usage", "false",
        "price-input-per-million", "1", "price-output-per-million", "1");
    server.enqueue(Remote.sse(Sse.stream().delta("a").delta("b").finish("stop").done().body()));
    InferenceResponse r = remote.client.generate(Remote.chat("x", null));
    assertEquals(Usage.Source.COUNTED, r.usage().source());
    assertTrue(r.usage().cost().isEmpty());
  }
}
