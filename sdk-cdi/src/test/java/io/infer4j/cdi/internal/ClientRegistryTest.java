package io.infer4j.cdi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClientRegistryTest {

  private static final InferenceRequest ONE_TOKEN =
      InferenceRequest.builder().prompt("hi").maxTokens(1).build();

  private final CountingFactory factory = new CountingFactory("alpha", "alpha", "second");
  private final ClientRegistry registry = new ClientRegistry(factory);

  @Test
  void clientsIsASnapshotOfThoseCreatedInNameOrder() {
    assertEquals(java.util.Map.of(), registry.clients());

    InferenceClient second = registry.client("second");
    InferenceClient alpha = registry.defaultClient();

    assertEquals(List.of("alpha", "second"), List.copyOf(registry.clients().keySet()));
    assertSame(second, registry.clients().get("second"));
    assertSame(alpha, registry.clients().get("alpha"));
    registry.closeAll();
    assertEquals(java.util.Map.of(), registry.clients());
  }

  @Test
  void createsNothingUntilAClientIsAskedFor() {
    assertEquals(0, factory.created.size());

    registry.client("second");

    assertEquals(1, factory.created.size());
  }

  @Test
  void createsEachNameOnceUnderConcurrentFirstUse() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<InferenceClient>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return registry.client("second");
        }));
      }
      go.countDown();
      InferenceClient first = results.get(0).get(10, TimeUnit.SECONDS);
      for (Future<InferenceClient> result : results) {
        assertSame(first, result.get(10, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, factory.createdNamed("second"));
  }

  @Test
  void defaultClientFirstIsSharedWithItsName() {
    InferenceClient unqualified = registry.defaultClient();

    assertSame(unqualified, registry.client("alpha"));
    assertEquals(1, factory.createdNamed("alpha"));
  }

  @Test
  void namedClientFirstIsSharedWithTheDefaultWithoutASecondCreation() {
    InferenceClient named = registry.client("alpha");

    assertSame(named, registry.defaultClient());
    assertEquals(1, factory.createdNamed("alpha"));
    assertEquals("alpha0", named.generate(ONE_TOKEN).text());
  }

  @Test
  void aFailedCreationIsThrownEveryTimeAndNotCached() {
    InvalidConfigurationException first =
        assertThrows(InvalidConfigurationException.class, () -> registry.client("nosuch"));
    InvalidConfigurationException again =
        assertThrows(InvalidConfigurationException.class, () -> registry.client("nosuch"));

    assertEquals("nosuch", first.value());
    assertEquals("nosuch", again.value());
  }

  @Test
  void closeAllClosesEveryClientOnceAndLaterLookupsFail() {
    InferenceClient unqualified = registry.defaultClient();
    InferenceClient second = registry.client("second");

    registry.closeAll();
    registry.closeAll();

    assertThrows(BackendUnavailableException.class, () -> unqualified.generate(ONE_TOKEN));
    assertThrows(BackendUnavailableException.class, () -> second.generate(ONE_TOKEN));
    BackendUnavailableException e =
        assertThrows(BackendUnavailableException.class, () -> registry.client("second"));
    assertTrue(e.getMessage().contains("shut down"), e.getMessage());
    assertThrows(BackendUnavailableException.class, registry::defaultClient);
  }

  @Test
  void closingTheViewABeanReceivedDoesNotCloseTheClient() {
    InferenceClient view = registry.client("second");

    view.close();

    assertEquals("second0", view.generate(ONE_TOKEN).text());
  }
}
