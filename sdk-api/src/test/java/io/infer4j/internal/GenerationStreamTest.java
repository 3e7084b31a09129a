package io.infer4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.RateLimitedException;
import io.infer4j.StreamInterruptedException;
import io.infer4j.TokenChunk;
import io.infer4j.Usage;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What the SDK's client wrapper adds on top of any backend's chunks. */
class GenerationStreamTest {

  /** Emits the given chunks, then fails with {@code failure} if set, else ends. */
  private static Backend scripted(List<TokenChunk> chunks, InferenceException failure, GenerationResult end) {
    return scripted(chunks, failure, end, Duration.ZERO);
  }

  /** As {@link #scripted(List, InferenceException, GenerationResult)}, the first chunk {@code late}. */
  private static Backend scripted(List<TokenChunk> chunks, InferenceException failure,
      GenerationResult end, Duration late) {
    return new Backend() {
      @Override
      public Set<Capability> capabilities() {
        return Set.of(Capability.STREAMING);
      }

      @Override
      public Generation start(InferenceRequest request, Deadline deadline) {
        return new Generation() {
          int i;

          @Override
          public TokenChunk next() {
            if (i == 0 && !late.isZero()) {
              try {
                Thread.sleep(late.toMillis()); // a retry's backoff, a fallback's wait
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            if (i < chunks.size()) {
              return chunks.get(i++);
            }
            if (failure != null) {
              throw failure;
            }
            return null;
          }

          @Override
          public GenerationResult result() {
            return end;
          }

          @Override
          public void close() {}
        };
      }

      @Override
      public void close() {}
    };
  }

  private static final InferenceRequest REQUEST = InferenceRequest.ofPrompt("abcdefgh");

  @Test
  void aFailureBeforeAnyTextKeepsItsType() {
    Backend b = scripted(List.of(), new RateLimitedException("b", "slow down", Duration.ofSeconds(2)), null);
    try (InferenceClient c = new BackendClient("b", b)) {
      RateLimitedException e = assertThrows(RateLimitedException.class, () -> c.generate(REQUEST));
      assertEquals(Duration.ofSeconds(2), e.retryAfter().orElseThrow());
    }
  }

  @Test
  void aFailureAfterTextBecomesStreamInterruptedWithThePartialText() {
    Backend b = scripted(
        List.of(TokenChunk.of(0, "Once"), TokenChunk.of(1, " upon")),
        new BackendUnavailableException("b", "connection reset", true), null);
    try (InferenceClient c = new BackendClient("b", b);
        InferenceStream s = c.stream(REQUEST)) {
      List<String> seen = new ArrayList<>();
      StreamInterruptedException e = assertThrows(StreamInterruptedException.class, () -> {
        for (TokenChunk chunk : s) {
          seen.add(chunk.text());
        }
      });
      assertEquals(List.of("Once", " upon"), seen);
      assertEquals("Once upon", e.partialText());
      assertTrue(e.getCause() instanceof BackendUnavailableException);
      assertThrows(StreamInterruptedException.class, s::response, "the failure is sticky");
    }
  }

  @Test
  void aTotalBudgetSpentBetweenChunksFailsWithTheTextDeliveredSoFar() {
    AtomicLong now = new AtomicLong();
    Backend inner = scripted(
        List.of(TokenChunk.of(0, "Once"), TokenChunk.of(1, " upon"), TokenChunk.of(2, " a")),
        null, GenerationResult.of(FinishReason.STOP, "m"));
    Backend b = new Backend() { // each chunk takes 40 ms of virtual time
      @Override
      public Set<Capability> capabilities() {
        return inner.capabilities();
      }

      @Override
      public Generation start(InferenceRequest request, Deadline deadline) {
        Generation g = inner.start(request, deadline);
        return new Generation() {
          @Override
          public TokenChunk next() {
            now.addAndGet(40_000_000L);
            return g.next();
          }

          @Override
          public GenerationResult result() {
            return g.result();
          }

          @Override
          public void close() {
            g.close();
          }
        };
      }

      @Override
      public void close() {}
    };
    InferenceRequest budgeted = REQUEST.toBuilder()
        .budget(REQUEST.budget().withTotal(Duration.ofMillis(100))).build();
    try (InferenceClient c = new BackendClient("b", b, now::get, Clock.systemUTC())) {
      DeadlineExceededException e =
          assertThrows(DeadlineExceededException.class, () -> c.generate(budgeted));
      assertEquals("Once upon", e.partialText(), "the third chunk came at 120 ms");
    }
  }

  @Test
  void emptyChunksAreCountedButNotDeliveredAndUsageIsCountedWhenNotReported() {
    Backend b = scripted(
        List.of(TokenChunk.of(0, ""), TokenChunk.of(1, "a"), new TokenChunk(2, "bc", 2)),
        null, GenerationResult.of(FinishReason.STOP, "m"));
    try (InferenceClient c = new BackendClient("b", b)) {
      InferenceResponse r = c.generate(REQUEST);
      assertEquals("abc", r.text());
      assertEquals(Usage.Source.COUNTED, r.usage().source());
      assertEquals(4, r.usage().completionTokens());
      assertEquals(2, r.usage().promptTokens(), "8 characters at about 4 a token");
      assertEquals("m", r.model());
      assertEquals("b", r.backend());
    }
  }

  @Test
  void reportedUsageAndSimulatedTimingArePassedThrough() {
    io.infer4j.Timing simulated = io.infer4j.Timing.of(Duration.ofMillis(5), Duration.ofMillis(25), 3, true);
    Backend b = scripted(
        List.of(TokenChunk.of(0, "x")), null,
        GenerationResult.of(FinishReason.LENGTH, "m").withUsage(Usage.reported(7, 3)).withTiming(simulated));
    try (InferenceClient c = new BackendClient("b", b)) {
      InferenceResponse r = c.generate(REQUEST);
      assertEquals(Usage.reported(7, 3), r.usage());
      assertEquals(simulated, r.timing());
      assertEquals(100.0, r.timing().tokensPerSecond(), 1e-9, "2 tokens in 20 ms after the first");
    }
  }

  /**
   * A backend's own measured timing (a remote client's starts at its last send; under a router,
   * at the serving attempt's start) gives way to the caller's, from the moment the client
   * received the request, as {@link io.infer4j.Timing} says.
   */
  @Test
  void aBackendsMeasuredTimingGivesWayToTheCallers() {
    io.infer4j.Timing own = io.infer4j.Timing.of(Duration.ofMillis(1), Duration.ofMillis(2), 1, false);
    Backend late = scripted(List.of(TokenChunk.of(0, "x")), null,
        GenerationResult.of(FinishReason.STOP, "m").withTiming(own), Duration.ofMillis(60));
    try (InferenceClient c = new BackendClient("b", late)) {
      io.infer4j.Timing t = c.generate(REQUEST).timing();
      assertFalse(t.simulated());
      assertTrue(t.timeToFirstToken().toMillis() >= 60, t.toString());
      assertTrue(t.total().compareTo(t.timeToFirstToken()) >= 0, t.toString());
    }
  }

  @Test
  void theDeviceIsNamedOnMeasuredTiming() {
    Backend b = scripted(
        List.of(TokenChunk.of(0, "x")), null,
        GenerationResult.of(FinishReason.STOP, "m").withDevice("cpu-reference", 1));
    try (InferenceClient c = new BackendClient("b", b)) {
      io.infer4j.Timing t = c.generate(REQUEST).timing();
      assertEquals("cpu-reference", t.device());
      assertEquals(1, t.deviceCount());
      assertEquals(false, t.simulated());
    }
  }

  @Test
  void aBackendBugSurfacesAsATypedError() {
    Backend b = new Backend() {
      @Override
      public Set<Capability> capabilities() {
        return Set.of();
      }

      @Override
      public Generation start(InferenceRequest request, Deadline deadline) {
        throw new IllegalStateException("boom");
      }

      @Override
      public void close() {}
    };
    try (InferenceClient c = new BackendClient("b", b)) {
      BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> c.generate(REQUEST));
      assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }
  }
}
