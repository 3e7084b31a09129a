package io.infer4j.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.InvalidRequestException;
import io.infer4j.TokenChunk;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every backend shares. A backend module subclasses this in its tests (it ships in
 * the {@code infer4j-sdk-api} test-jar), so "implements {@link InferenceClient}" means "behaves
 * the same": streaming gives what blocking gives, closing a stream cancels, usage and timing are
 * filled, deadlines and validation hold.
 *
 * <p>The backend must be deterministic for {@link #deterministicRequest()} (greedy sampling, or a
 * scripted fake) and produce at least {@link #minimumTokens()} tokens for it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class InferenceClientContract {

  private InferenceClient client;

  /** A new client of the backend under test; the contract closes it after each test. */
  protected abstract InferenceClient newClient();

  /**
   * A request the backend answers the same way every time, with at least {@link
   * #minimumTokens()} tokens. Defaults to a greedy 8-token raw prompt.
   */
  protected InferenceRequest deterministicRequest() {
    return InferenceRequest.builder().prompt("Once upon a time").maxTokens(8).temperature(0).build();
  }

  /** Tokens {@link #deterministicRequest()} produces at least. */
  protected int minimumTokens() {
    return 2;
  }

  /**
   * A request that takes long enough (many tokens, or scripted latency) that closing its stream
   * after the first chunk really interrupts it. Defaults to the deterministic request with 200
   * tokens.
   */
  protected InferenceRequest longRequest() {
    return deterministicRequest().toBuilder().maxTokens(200).build();
  }

  /**
   * A request whose first token cannot arrive within 1 ms of budget (too much work, or scripted
   * latency), to check the time-to-first-token deadline; empty to skip that check for a backend
   * that may legitimately answer within 1 ms.
   */
  protected java.util.Optional<InferenceRequest> slowFirstTokenRequest() {
    return java.util.Optional.empty();
  }

  protected final InferenceClient client() {
    return client;
  }

  @BeforeEach
  final void openClient() {
    client = newClient();
  }

  @AfterEach
  final void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void blockingResponseHasTextUsageTimingBackendAndModel() {
    InferenceResponse r = client.generate(deterministicRequest());
    assertFalse(r.text().isEmpty(), "text");
    assertTrue(r.usage().completionTokens() >= minimumTokens(), "completion tokens: " + r.usage());
    assertTrue(
        r.usage().completionTokens() <= deterministicRequest().sampling().maxTokens(),
        "no more than maxTokens: " + r.usage());
    assertFalse(r.timing().total().isNegative(), "total time");
    assertTrue(
        r.timing().timeToFirstToken().compareTo(r.timing().total()) <= 0,
        "ttft <= total: " + r.timing());
    if (r.route().candidates().isEmpty()) {
      assertEquals(client.name(), r.backend(), "backend names the configured instance");
    } else {
      // a router: the backend is the routed instance that served, one of the candidates
      assertTrue(
          r.route().candidates().stream().anyMatch(c -> c.backend().equals(r.backend())),
          "backend names a routed instance: " + r.route());
    }
    assertEquals(r.backend(), r.route().chosen(), "route names the instance");
    assertFalse(r.model() == null, "model");
    assertTrue(
        r.finishReason() == FinishReason.STOP
            || r.finishReason() == FinishReason.LENGTH
            || r.finishReason() == FinishReason.STOP_SEQUENCE,
        "finish reason: " + r.finishReason());
  }

  @Test
  void streamingYieldsTheSameTextAsBlocking() {
    InferenceResponse blocking = client.generate(deterministicRequest());
    StringBuilder streamed = new StringBuilder();
    List<TokenChunk> chunks = new ArrayList<>();
    InferenceResponse fromStream;
    try (InferenceStream stream = client.stream(deterministicRequest())) {
      for (TokenChunk chunk : stream) {
        chunks.add(chunk);
        streamed.append(chunk.text());
      }
      fromStream = stream.response();
    }
    assertEquals(blocking.text(), streamed.toString());
    assertEquals(blocking.text(), fromStream.text());
    assertEquals(blocking.finishReason(), fromStream.finishReason());
    assertEquals(blocking.usage().completionTokens(), fromStream.usage().completionTokens());
    for (int i = 0; i < chunks.size(); i++) {
      assertEquals(i, chunks.get(i).index(), "chunks are numbered from 0");
      assertFalse(chunks.get(i).text().isEmpty(), "no empty chunks are delivered");
    }
  }

  @Test
  void asyncCompletesWithTheSameAnswerAsBlocking() throws Exception {
    InferenceResponse blocking = client.generate(deterministicRequest());
    InferenceResponse async = client.generateAsync(deterministicRequest()).get(30, TimeUnit.SECONDS);
    assertEquals(blocking.text(), async.text());
    assertEquals(blocking.finishReason(), async.finishReason());
  }

  @Test
  void asyncOnTheCallersExecutorRunsThereWithTheSameAnswer() throws Exception {
    InferenceResponse blocking = client.generate(deterministicRequest());
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor(
        r -> new Thread(r, "callers-pool"));
    java.util.List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.Executor executor = task -> pool.execute(() -> {
      threads.add(Thread.currentThread().getName());
      task.run();
    });
    try {
      InferenceResponse async =
          client.generateAsync(deterministicRequest(), executor).get(30, TimeUnit.SECONDS);
      assertEquals(blocking.text(), async.text());
      assertEquals(java.util.List.of("callers-pool"), threads);

      InferenceRequest late =
          deterministicRequest().toBuilder()
              .budget(deterministicRequest().budget()
                  .withDeadline(Instant.now().minusSeconds(1))).build();
      ExecutionException rejected = assertThrows(ExecutionException.class,
          () -> client.generateAsync(late, executor).get(5, TimeUnit.SECONDS));
      assertInstanceOf(InvalidRequestException.class, rejected.getCause());
      assertEquals(1, threads.size(), "a request that fails validation never reaches the executor");
    } finally {
      pool.shutdownNow();
    }
    assertThrows(NullPointerException.class,
        () -> client.generateAsync(deterministicRequest(), null));
  }

  @Test
  void anExecutorThatRejectsTheTaskFailsTheFutureAsRetryableUnavailable() {
    java.util.concurrent.Executor full = task -> {
      throw new java.util.concurrent.RejectedExecutionException("queue full");
    };
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> client.generateAsync(deterministicRequest(), full).get(5, TimeUnit.SECONDS));
    BackendUnavailableException cause =
        assertInstanceOf(BackendUnavailableException.class, e.getCause());
    assertTrue(cause.isRetryable(), "another executor or a later try may succeed");
    assertTrue(cause.getMessage().contains("queue full"), cause.getMessage());
  }

  @Test
  void closingAStreamEarlyCancelsItAndTheClientStaysUsable() {
    InferenceRequest request = longRequest();
    InferenceResponse cancelled;
    try (InferenceStream stream = client.stream(request)) {
      Iterator<TokenChunk> it = stream.iterator();
      assertTrue(it.hasNext(), "at least one chunk");
      it.next();
      stream.close();
      assertFalse(it.hasNext(), "no chunks after close");
      cancelled = stream.response();
    }
    assertEquals(FinishReason.CANCELLED, cancelled.finishReason());
    InferenceResponse after = client.generate(deterministicRequest());
    assertFalse(after.text().isEmpty(), "client still serves after a cancelled stream");
  }

  @Test
  void cancellingTheAsyncFutureCancelsTheWork() throws Exception {
    CompletableFuture<InferenceResponse> f = client.generateAsync(longRequest());
    if (!f.cancel(true)) {
      // the answer won the race (a fast backend on a loaded machine): nothing left to cancel
      assertTrue(f.isDone() && !f.isCancelled(), "cancel fails only on a completed future");
      return;
    }
    assertTrue(f.isCancelled());
    assertThrows(CancellationException.class, () -> f.get(5, TimeUnit.SECONDS));
    InferenceResponse after = client.generate(deterministicRequest());
    assertFalse(after.text().isEmpty(), "client still serves after a cancelled future");
  }

  @Test
  void aDeadlineAlreadyPastIsRejectedBeforeAnyWork() {
    InferenceRequest late =
        deterministicRequest().toBuilder()
            .budget(deterministicRequest().budget()
                .withDeadline(Instant.now().minusSeconds(1))).build();
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> client.generate(late));
    assertEquals("budget.deadline", e.field());
    ExecutionException async =
        assertThrows(ExecutionException.class, () -> client.generateAsync(late).get(5, TimeUnit.SECONDS));
    assertInstanceOf(InvalidRequestException.class, async.getCause());
  }

  @Test
  void aTimeToFirstTokenBudgetThatCannotBeMetFailsWithDeadlineExceeded() {
    java.util.Optional<InferenceRequest> slow = slowFirstTokenRequest();
    if (slow.isEmpty()) {
      return; // the backend declared it may answer within 1 ms
    }
    InferenceRequest r = slow.get().toBuilder().timeToFirstTokenBudget(Duration.ofMillis(1)).build();
    try {
      client.generate(r);
      fail("expected DeadlineExceededException");
    } catch (DeadlineExceededException expected) {
      assertTrue(expected.getMessage().contains("deadline exceeded"), expected.getMessage());
    }
  }

  @Test
  void aClosedClientRefusesRequests() {
    client.close();
    BackendUnavailableException e =
        assertThrows(BackendUnavailableException.class, () -> client.generate(deterministicRequest()));
    assertFalse(e.isRetryable(), "a closed client is not coming back");
  }

  @Test
  void aStreamCanBeIteratedOnlyOnce() {
    try (InferenceStream stream = client.stream(deterministicRequest())) {
      stream.iterator();
      assertThrows(IllegalStateException.class, stream::iterator);
    }
  }

  /**
   * Embeddings are either served, one vector per input of one dimension, the same text giving the
   * same vector, or refused with the typed error before any work; never another failure.
   */
  @Test
  void embeddingsAreServedConsistentlyOrRefusedWithATypedError() {
    io.infer4j.EmbeddingResponse r;
    try {
      r = client.embed(io.infer4j.EmbeddingRequest.of("Once upon a time", "a cat", "Once upon a time"));
    } catch (io.infer4j.UnsupportedCapabilityException refused) {
      assertEquals(io.infer4j.spi.Capability.EMBEDDINGS, refused.capability());
      return;
    }
    assertEquals(3, r.embeddings().size());
    int dimensions = r.embeddings().get(0).dimensions();
    assertTrue(dimensions > 0);
    for (var e : r.embeddings()) {
      assertEquals(dimensions, e.dimensions(), "one dimension for every input");
    }
    assertEquals(r.embeddings().get(0).cosine(r.embeddings().get(2)), 1.0, 1e-5,
        "the same text gives the same direction");
    assertFalse(r.backend().isEmpty(), "the response names the instance that served");
  }
}
