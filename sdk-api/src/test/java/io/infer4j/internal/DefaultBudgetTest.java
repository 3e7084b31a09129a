package io.infer4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.DeadlineExceededException;
import io.infer4j.EmbeddingRequest;
import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.LatencyBudget;
import io.infer4j.spi.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code infer4j.latency-budget.ttft} and {@code .total} fill the budget parts a request leaves
 * unset, on every client the configuration makes; the request's own parts win; bad values fail
 * when the client is made, naming the key.
 */
class DefaultBudgetTest {
  private static final Duration MS_100 = Duration.ofMillis(100);

  private static DefaultBudget defaults(String ttft, String total) {
    Map<String, String> keys = new HashMap<>();
    if (ttft != null) {
      keys.put(DefaultBudget.TTFT_KEY, ttft);
    }
    if (total != null) {
      keys.put(DefaultBudget.TOTAL_KEY, total);
    }
    return DefaultBudget.from(Settings.of(keys));
  }

  @Test
  void fillsOnlyTheUnsetParts() {
    DefaultBudget d = defaults("200ms", "5s");

    assertEquals(new LatencyBudget(Duration.ofMillis(200), Duration.ofSeconds(5), null),
        d.fill(LatencyBudget.NONE));
    assertEquals(new LatencyBudget(MS_100, Duration.ofSeconds(5), null),
        d.fill(LatencyBudget.ofTimeToFirstToken(MS_100)));
    assertEquals(new LatencyBudget(Duration.ofMillis(200), Duration.ofSeconds(60), null),
        d.fill(LatencyBudget.ofTotal(Duration.ofSeconds(60))));
  }

  @Test
  void aDeadlineOfTheRequestKeepsTheDefaultTotalOff() {
    Instant at = Instant.parse("2030-01-01T00:00:00Z");

    assertEquals(new LatencyBudget(Duration.ofMillis(200), null, at),
        defaults("200ms", "5s").fill(LatencyBudget.until(at)));
  }

  @Test
  void aDefaultFirstTokenLongerThanTheRequestsTotalIsLeftOut() {
    LatencyBudget shortTotal = LatencyBudget.ofTotal(MS_100);

    assertEquals(shortTotal, defaults("1s", null).fill(shortTotal));
  }

  @Test
  void theNoteNamesTheDefaultsARequestTook() {
    DefaultBudget both = defaults("100ms", "2s");
    LatencyBudget none = LatencyBudget.NONE;
    assertEquals("(infer4j.latency-budget.ttft = 100 ms, infer4j.latency-budget.total = 2000 ms,"
        + " the configuration's defaults)", DefaultBudget.note(none, both.fill(none)));
    LatencyBudget ownTotal = LatencyBudget.ofTotal(Duration.ofSeconds(1));
    assertEquals("(infer4j.latency-budget.ttft = 100 ms, the configuration's default)",
        DefaultBudget.note(ownTotal, both.fill(ownTotal)));
    assertEquals(null, DefaultBudget.note(ownTotal, ownTotal));
    io.infer4j.InferenceException other = new io.infer4j.BackendUnavailableException("x", "down", true);
    assertEquals(other, DefaultBudget.explain(other, "(note)"), "only deadline failures get it");
    DeadlineExceededException spent = new DeadlineExceededException("total budget spent", "partial");
    DeadlineExceededException noted =
        (DeadlineExceededException) DefaultBudget.explain(spent, "(note)");
    assertEquals("total budget spent (note)", noted.reason());
    assertEquals("partial", noted.partialText());
    assertEquals(noted, DefaultBudget.explain(noted, "(note)"), "said once");
  }

  @Test
  void noKeysChangeNothing() {
    InferenceRequest r = InferenceRequest.ofPrompt("hi");

    assertSame(DefaultBudget.NONE, defaults(null, " "));
    assertSame(r, DefaultBudget.NONE.fill(r));
  }

  @Test
  void anEmbeddingGetsTheTotalOnly() {
    EmbeddingRequest e = EmbeddingRequest.of("a");

    LatencyBudget filled = defaults("200ms", "5s").fill(e).budget();

    assertEquals(Duration.ofSeconds(5), filled.total());
    assertNull(filled.timeToFirstToken());
  }

  @Test
  void badValuesNameTheKey() {
    InvalidConfigurationException unitless =
        assertThrows(InvalidConfigurationException.class, () -> defaults("200", null));
    assertEquals(DefaultBudget.TTFT_KEY, unitless.key());
    InvalidConfigurationException zero =
        assertThrows(InvalidConfigurationException.class, () -> defaults(null, "0s"));
    assertEquals(DefaultBudget.TOTAL_KEY, zero.key());
    assertTrue(zero.getMessage().contains("must be a positive duration"), zero.getMessage());
    InvalidConfigurationException longer =
        assertThrows(InvalidConfigurationException.class, () -> defaults("2s", "1s"));
    assertEquals(DefaultBudget.TTFT_KEY, longer.key());
    assertTrue(longer.getMessage().contains("must not exceed infer4j.latency-budget.total (1s)"),
        longer.getMessage());
  }

  private static Map<String, String> slowWords(String perToken) {
    Map<String, String> keys = new HashMap<>();
    keys.put("infer4j.backend", "alpha");
    keys.put("infer4j.backends.alpha.per-token", perToken);
    return keys;
  }

  @Test
  void aRequestWithoutABudgetEndsAtTheConfiguredTotal() {
    Map<String, String> keys = slowWords("50ms");
    keys.put(DefaultBudget.TOTAL_KEY, "150ms");
    try (InferenceClient client = InferenceClients.fromProperties(keys)) {
      InferenceRequest endless = InferenceRequest.builder().prompt("hi").maxTokens(1_000).build();

      DeadlineExceededException e =
          assertThrows(DeadlineExceededException.class, () -> client.generate(endless));

      assertTrue(e.reason().startsWith("total budget spent after"), e.getMessage());
      // the caller set no budget: the message says where this one came from
      assertTrue(e.reason().endsWith(
          "(infer4j.latency-budget.total = 150 ms, the configuration's default)"), e.getMessage());
      assertTrue(e.partialText().startsWith("alpha0"), e.partialText()); // words before the end

      // a budget of the request's own says nothing of the configuration
      DeadlineExceededException own = assertThrows(DeadlineExceededException.class,
          () -> client.generate(InferenceRequest.builder().prompt("hi").maxTokens(1_000)
              .budget(LatencyBudget.ofTotal(Duration.ofMillis(120))).build()));
      assertTrue(!own.getMessage().contains("configuration"), own.getMessage());

      // asynchronous too
      java.util.concurrent.CompletionException async = assertThrows(
          java.util.concurrent.CompletionException.class,
          () -> client.generateAsync(endless).join());
      assertTrue(async.getCause().getMessage().endsWith("the configuration's default)"),
          async.getCause().getMessage());
    }
  }

  @Test
  void theRequestsOwnBudgetWins() {
    Map<String, String> keys = slowWords("50ms");
    keys.put(DefaultBudget.TOTAL_KEY, "100ms");
    try (InferenceClient client = InferenceClients.fromProperties(keys)) {
      InferenceRequest own = InferenceRequest.builder().prompt("hi").maxTokens(4)
          .budget(LatencyBudget.ofTotal(Duration.ofSeconds(30))).build();

      InferenceResponse r = client.generate(own);

      assertEquals(FinishReason.LENGTH, r.finishReason());
      assertEquals(4, r.usage().completionTokens());
    }
  }

  @Test
  void theDefaultFirstTokenBoundsAStreamToo() {
    Map<String, String> keys = slowWords("2s");
    keys.put(DefaultBudget.TTFT_KEY, "100ms");
    try (InferenceClient client = InferenceClients.fromProperties(keys)) {
      DeadlineExceededException e = assertThrows(DeadlineExceededException.class,
          () -> client.stream(InferenceRequest.ofPrompt("hi")).response());

      assertTrue(e.getMessage().contains("first token"), e.getMessage());
      assertTrue(e.getMessage().endsWith(
          "(infer4j.latency-budget.ttft = 100 ms, the configuration's default)"), e.getMessage());
    }
  }

  @Test
  void aBadDefaultFailsTheClientBeforeAnyBackendIsMade() {
    Map<String, String> keys = slowWords("1ms");
    keys.put(DefaultBudget.TTFT_KEY, "soon");

    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> InferenceClients.fromProperties(keys));

    assertEquals(DefaultBudget.TTFT_KEY, e.key());
    assertTrue(e.getMessage().startsWith("infer4j.latency-budget.ttft=soon: not a duration"),
        e.getMessage());
  }
}
