package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * A thousand requests at once against a server that never sends a first token, each with a 300 ms
 * time-to-first-token budget: every one ends with {@link DeadlineExceededException} soon after its
 * deadline, none is lost, and closing the client leaves no connection open and no thread of the
 * backend running. Async requests run on the SDK's bounded default executor; streams on virtual
 * threads (or platform threads, with {@code -Dinfer4j.load.platform=true}).
 *
 * <p>How late a deadline may come: the SDK's timer ends each request at its deadline, which the
 * async test checks to {@link #MAX_LATE_MS} (its futures are completed by that timer). A stream's
 * exception also needs the caller's own thread to run; a virtual one waits for one of the
 * scheduler's carrier threads (2 here), which it shares with the other callers and (on Java 24+)
 * the HTTP calls still starting for requests with budget left, and which the machine's other
 * work competes with. So the streams' bound is {@link #MAX_LATE_MS} when the machine was not
 * shared while the round ran (other processes took at most {@link #QUIET_SHARE} of its CPU time,
 * measured by {@link OtherCpuUse}), else {@link #SHARED_MAX_LATE_MS} for virtual threads: no
 * scheduler keeps 150 ms when another process takes the cores its carriers need. The printed line
 * says which applied and the load; {@code -Dinfer4j.load.maxLateMs=N} sets the bound outright.
 *
 * <p>Each test warms the JIT up with unmeasured rounds, then measures one and prints a line of
 * figures. {@code -Dinfer4j.load.requests=N} changes the number of requests. The tests stop
 * themselves: a round is given 30 s, the leak checks a few seconds each.
 */
class DeadlineUnderLoadTest {

  private static final int REQUESTS = Integer.getInteger("infer4j.load.requests", 1000);
  private static final boolean PLATFORM = Boolean.getBoolean("infer4j.load.platform");
  private static final Duration BUDGET = Duration.ofMillis(300);
  /** How late the SDK may end a request on a shared 2-core machine, in milliseconds. */
  private static final long MAX_LATE_MS = 150;
  /** Other processes' share of the CPU time up to which the machine counts as not shared. */
  private static final double QUIET_SHARE = 0.25;
  /** How late a virtual thread may see its deadline while other processes took the cores, ms. */
  private static final long SHARED_MAX_LATE_MS = 2_000;
  /** The bound set on the command line, or -1. */
  private static final long MAX_LATE_MS_SET = Long.getLong("infer4j.load.maxLateMs", -1);
  /** Threads of generateAsync's default executor (sdk-api's AsyncExecutor), and their idle time. */
  private static final String ASYNC_THREADS = "infer4j-async-";
  private static final int ASYNC_MAX_THREADS = 64;
  private static final long ASYNC_KEEP_ALIVE_MS = 5_000;
  /** The SDK's deadline timer thread (sdk-api's DeadlineTimer), which ends 2 s after its last deadline. */
  private static final String TIMER_THREAD = "infer4j-deadline-timer-";
  private static final long TIMER_KEEP_ALIVE_MS = 2_000;

  private static final InferenceRequest REQUEST = InferenceRequest.builder().user("hi")
      .maxTokens(16).timeToFirstTokenBudget(BUDGET).build();

  @Test
  void streamsOnVirtualThreadsEndSoonAfterTheirDeadlines() throws Exception {
    try (SilentServer server = new SilentServer()) {
      Remote remote = Remote.to(server.baseUrl(), "max-retries", "0");
      for (int round = 0; round < 2; round++) {
        Outcomes warmUp = new Outcomes(REQUESTS);
        onThreads(i -> streamUntilDeadline(remote.client, warmUp, i));
        assertNoneLost(warmUp);
      }

      Outcomes measured = new Outcomes(REQUESTS);
      OtherCpuUse others = OtherCpuUse.start();
      onThreads(i -> streamUntilDeadline(remote.client, measured, i));
      double otherShare = others.share();
      report(PLATFORM ? "streams on platform threads" : "streams on virtual threads", measured, server);
      long bound = streamBound(otherShare);
      System.out.printf("other processes took %s of the CPU time meanwhile: bound %d ms%n",
          Double.isNaN(otherShare) ? "an unknown share" : Math.round(otherShare * 100) + "%", bound);
      assertNoneLost(measured);
      assertOnTime(measured, bound);
      assertNothingLeaks(remote, server);
      assertEquals(List.of(), Eventually.noThreadsNamed(TIMER_THREAD, TIMER_KEEP_ALIVE_MS + 3_000),
          "the deadline timer's thread ends when no deadline is left");
    }
  }

  @Test
  void asyncRequestsFailAtTheirDeadlinesOnBoundedThreads() throws Exception {
    try (SilentServer server = new SilentServer()) {
      Remote remote = Remote.to(server.baseUrl(), "max-retries", "0");
      ThreadCount asyncThreads = ThreadCount.named(ASYNC_THREADS);
      asyncUntilDeadline(remote.client, new Outcomes(REQUESTS)); // warm-up

      Outcomes measured = new Outcomes(REQUESTS);
      asyncUntilDeadline(remote.client, measured);
      report("generateAsync, default executor", measured, server);
      assertNoneLost(measured);
      assertOnTime(measured, MAX_LATE_MS);
      assertTrue(asyncThreads.stop() <= ASYNC_MAX_THREADS,
          asyncThreads.peak() + " threads of the default executor at once");
      assertNothingLeaks(remote, server);
      assertEquals(List.of(), Eventually.noThreadsNamed(ASYNC_THREADS, ASYNC_KEEP_ALIVE_MS + 3_000),
          "idle threads of the default executor end after its keep-alive");
      assertEquals(List.of(), Eventually.noThreadsNamed(TIMER_THREAD, TIMER_KEEP_ALIVE_MS + 3_000),
          "the deadline timer's thread ends when no deadline is left");
    }
  }

  /** The streams' bound: as set, else 150 ms unless virtual threads ran on a shared machine. */
  private static long streamBound(double otherShare) {
    if (MAX_LATE_MS_SET >= 0) {
      return MAX_LATE_MS_SET;
    }
    boolean quiet = otherShare <= QUIET_SHARE; // false for NaN: unknown counts as shared
    return PLATFORM || quiet ? MAX_LATE_MS : SHARED_MAX_LATE_MS;
  }

  /** Reads a stream to its end and records when its deadline exception arrived. */
  private static void streamUntilDeadline(InferenceClient client, Outcomes outcomes, int i) {
    long deadlineAt = System.nanoTime() + BUDGET.toNanos();
    InferenceStream stream;
    try {
      stream = client.stream(REQUEST);
    } catch (RuntimeException e) {
      outcomes.ended(i, deadlineAt, e);
      return;
    }
    try {
      InferenceResponse r = stream.response();
      outcomes.ended(i, deadlineAt, new AssertionError("ended without a deadline: " + r));
    } catch (RuntimeException e) {
      outcomes.ended(i, deadlineAt, e); // taken before the stream is closed
    } finally {
      stream.close();
    }
  }

  /** Sends every request with generateAsync at once and waits (30 s at most) for all to end. */
  private static void asyncUntilDeadline(InferenceClient client, Outcomes outcomes)
      throws InterruptedException {
    CountDownLatch ended = new CountDownLatch(REQUESTS);
    for (int i = 0; i < REQUESTS; i++) {
      int n = i;
      long deadlineAt = System.nanoTime() + BUDGET.toNanos();
      CompletableFuture<InferenceResponse> f = client.generateAsync(REQUEST);
      f.whenComplete((r, e) -> { // runs as the future completes
        outcomes.ended(n, deadlineAt, e != null ? e : new AssertionError("answered: " + r));
        ended.countDown();
      });
    }
    ended.await(30, TimeUnit.SECONDS);
  }

  /** Runs {@code task(i)} for every request at once, each on its own thread; 30 s at most. */
  private static void onThreads(IntConsumer task) throws InterruptedException {
    ExecutorService threads = PLATFORM
        ? Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory())
        : Executors.newVirtualThreadPerTaskExecutor();
    CountDownLatch go = new CountDownLatch(1);
    for (int i = 0; i < REQUESTS; i++) {
      int n = i;
      threads.execute(() -> {
        try {
          go.await();
          task.accept(n);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // stopped after 30 s: reported lost
        }
      });
    }
    go.countDown();
    threads.shutdown();
    if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
      threads.shutdownNow();
    }
  }

  private static void report(String what, Outcomes o, SilentServer server) {
    System.out.printf("%d %s, %d ms budget: deadline exceptions late by p50 %d, p99 %d, max %d ms;"
            + " %d lost; %d connections accepted in all%n", REQUESTS, what, BUDGET.toMillis(),
        o.lateMillis(0.5), o.lateMillis(0.99), o.lateMillis(1), o.lost().size(),
        server.acceptedConnections());
  }

  private static void assertNoneLost(Outcomes o) {
    List<String> lost = o.lost();
    assertEquals(List.of(), lost.subList(0, Math.min(5, lost.size())), lost.size() + " lost");
  }

  private static void assertOnTime(Outcomes o, long maxLateMs) {
    assertTrue(o.lateMillis(1) <= maxLateMs, "a deadline was reported " + o.lateMillis(1)
        + " ms late (p99 " + o.lateMillis(0.99) + " ms); at most " + maxLateMs + " ms expected");
  }

  /** After close: no call, pooled connection or dispatcher thread left, every socket closed. */
  private static void assertNothingLeaks(Remote remote, SilentServer server) throws Exception {
    Within.nothingLeaked(remote);
    assertTrue(Eventually.zero(server::openConnections, 5_000),
        server.openConnections() + " connections still open after close");
    assertEquals(List.of(), Eventually.noThreadsNamed(HttpRemoteBackend.THREAD_PREFIX, 5_000));
  }
}
