package io.infer4j.internal.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.TokenChunk;
import io.infer4j.internal.BackendClient;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import io.infer4j.spi.LatencyEstimate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hedging with far fewer router threads than requests in flight, over a backend that fails half
 * the time and a healthy one: no request may fail, whether its hedge got a router thread or not.
 * In-process backends only (real sleeps of a few milliseconds, a seeded coin); runs in seconds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RouterHedgingUnderLoadTest {

  private static final int REQUESTS = 2_000;
  private static final int CALLERS = 32;

  @Test
  void noRequestFailsWhenHedgesFindNoFreeRouterThread() throws Exception {
    Random coin = new Random(12);
    CoinBackend flaky = new CoinBackend("flaky", coin, 0.5);
    CoinBackend healthy = new CoinBackend("healthy", coin, 0.0);
    RouterSettings settings = RouterSettings.defaults(List.of("flaky", "healthy"))
        .withHedging(true, 1.0)
        .withHedgeThreads(2)
        .withBreaker(1_000, Duration.ofMillis(1), Duration.ofMillis(1)); // keep the flaky one in play
    RouterBackend router = new RouterBackend("router", List.of(
        new Member(BackendProfile.plain("flaky", 1), flaky, settings),
        new Member(BackendProfile.plain("healthy", 2), healthy, settings)), settings, System::nanoTime);
    InferenceRequest request = InferenceRequest.builder().prompt("hi").maxTokens(2)
        .timeToFirstTokenBudget(Duration.ofSeconds(10)).build();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger hedged = new AtomicInteger();
    AtomicInteger noThread = new AtomicInteger();
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    try (InferenceClient client = new BackendClient("router", router)) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        done.add(callers.submit(() -> {
          try {
            var r = client.generate(request);
            if (r.route().attempts().stream().anyMatch(a -> a.hedge())) {
              hedged.incrementAndGet();
            }
            if (r.route().reason().contains("no free router thread")) {
              noThread.incrementAndGet();
            }
          } catch (InferenceException e) {
            failures.add(e.getMessage());
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      callers.shutdownNow();
    }
    assertEquals(List.of(), List.copyOf(failures), failures.size() + " of " + REQUESTS + " failed");
    assertTrue(hedged.get() > 0, "some requests were hedged");
    assertTrue(noThread.get() > 0, "some hedges found no free router thread");
    assertTrue(flaky.failed.get() > 0, "the flaky backend failed some attempts");
  }

  /** Answers after 1-6 ms, or fails (retryably) after as long with probability {@code failShare}. */
  private static final class CoinBackend implements Backend {
    private final String name;
    private final Random coin;
    private final double failShare;
    final AtomicInteger failed = new AtomicInteger();

    CoinBackend(String name, Random coin, double failShare) {
      this.name = name;
      this.coin = coin;
      this.failShare = failShare;
    }

    @Override
    public Set<Capability> capabilities() {
      return EnumSet.of(Capability.CHAT, Capability.RAW_PROMPT, Capability.STREAMING);
    }

    @Override
    public Optional<LatencyEstimate> estimate(InferenceRequest request) {
      return Optional.of(new LatencyEstimate(Duration.ofMillis(2), Duration.ofMillis(1), 1.0));
    }

    @Override
    public Generation start(InferenceRequest request, Deadline deadline) {
      boolean fail;
      long delayMs;
      synchronized (coin) {
        fail = coin.nextDouble() < failShare;
        delayMs = 1 + coin.nextInt(6);
      }
      return new Generation() {
        private volatile boolean closed;
        private int produced;

        @Override
        public TokenChunk next() {
          if (closed || produced >= 2) {
            return null;
          }
          if (produced == 0) {
            sleep(delayMs);
            if (fail) {
              failed.incrementAndGet();
              throw new BackendUnavailableException(name, "coin says no", true);
            }
          }
          return closed ? null : TokenChunk.of(produced, (produced++ == 0 ? "" : " ") + name);
        }

        @Override
        public GenerationResult result() {
          return GenerationResult.of(FinishReason.LENGTH, name + "-model");
        }

        @Override
        public void close() {
          closed = true;
        }
      };
    }

    @Override
    public void close() {}

    private static void sleep(long ms) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
