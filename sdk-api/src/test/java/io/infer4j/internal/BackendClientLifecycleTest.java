package io.infer4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.LatencyBudget;
import io.infer4j.spi.Settings;
import io.infer4j.support.WordBackend;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycle corners: closing under load, async timeouts, extreme budgets, broken providers. */
class BackendClientLifecycleTest {

  private static final InferenceRequest LONG =
      InferenceRequest.builder().prompt("x").maxTokens(1000).build();

  @Test
  void closingTheClientMidRequestEndsItCancelledNotAsACompleteAnswer() throws Exception {
    InferenceClient client = new BackendClient("w", new WordBackend("w", Duration.ofMillis(20)));
    CompletableFuture<InferenceResponse> running = CompletableFuture.supplyAsync(() -> client.generate(LONG));
    Thread.sleep(100);
    client.close();

    InferenceResponse r = running.get(10, TimeUnit.SECONDS);
    assertEquals(FinishReason.CANCELLED, r.finishReason());
    assertTrue(r.usage().completionTokens() < 1000, r.usage().toString());
  }

  @Test
  void anAsyncTimeoutStopsTheWorkBehindTheFuture() throws Exception {
    AtomicCountingBackend counting = new AtomicCountingBackend();
    try (InferenceClient client = new BackendClient("w", counting)) {
      CompletableFuture<InferenceResponse> f =
          client.generateAsync(LONG).orTimeout(100, TimeUnit.MILLISECONDS);
      ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof TimeoutException, e.toString());
      assertTrue(counting.awaitClosed(5, TimeUnit.SECONDS), "the generation was closed");
    }
  }

  @Test
  void aBudgetOfCenturiesIsEffectivelyUnlimited() {
    try (InferenceClient client = new BackendClient("w", new WordBackend("w", Duration.ZERO))) {
      InferenceRequest forever = InferenceRequest.builder().prompt("x").maxTokens(2)
          .budget(LatencyBudget.ofTotal(ChronoUnit.FOREVER.getDuration())
              .withDeadline(java.time.Instant.now().plus(Duration.ofDays(365L * 1000))))
          .build();
      assertEquals("w0 w1", client.generate(forever).text());
      assertFalse(client.generateAsync(forever).isCompletedExceptionally());
    }
  }

  @Test
  void aProviderThatCannotLoadDoesNotHideTheOthers(@TempDir Path dir) throws IOException {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.writeString(services.resolve("io.infer4j.spi.BackendProvider"), "no.such.MissingProvider\n");
    ClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());

    BackendResolver resolver = new BackendResolver(Settings.of(Map.of("infer4j.backend", "alpha")), loader);
    try (BackendClient client = resolver.defaultClient()) {
      assertEquals("alpha", client.name());
    }
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> new BackendResolver(Settings.of(Map.of("infer4j.backend", "lpu")), loader).defaultClient());
    assertTrue(e.getMessage().contains("failed to load"), e.getMessage());
    assertTrue(e.getMessage().contains("no.such.MissingProvider"), e.getMessage());
  }
}
