package io.infer4j.samples.cli.internal.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The warm-up runs at least its minimum, then until a run during which the JIT compiler was
 * quiet, within its most runs and time; a clock and a compilation-time counter driven by the
 * runs stand for the JVM's.
 */
class WarmUpTest {
  private final InferenceRequest request = InferenceRequest.ofPrompt("Once upon a time");
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicLong compiledMs = new AtomicLong();

  /** A client whose runs take 100 ms each, the compiler busy for {@code busy[i]} ms in run i. */
  private InferenceClient client(long... busy) {
    InferenceClient client = mock(InferenceClient.class);
    int[] run = {0};
    when(client.generate(any())).thenAnswer(call -> {
      nanos.addAndGet(100_000_000L);
      compiledMs.addAndGet(run[0] < busy.length ? busy[run[0]] : 0);
      run[0]++;
      return InferenceResponse.of("w");
    });
    return client;
  }

  private WarmUp warmUp(int min, int max, Duration time) {
    return new WarmUp(request, min, max, time, compiledMs::get);
  }

  @Test
  void runsUntilTheCompilerIsQuiet() {
    InferenceClient client = client(900, 300, 120, 40, 4, 0);

    int runs = warmUp(2, 100, Duration.ofSeconds(15)).run(client, nanos::get);

    assertEquals(5, runs); // run 5: 4 ms of compiling in 100 ms, under 5%
  }

  @Test
  void makesItsMinimumEvenWhenQuiet() {
    assertEquals(3, warmUp(3, 100, Duration.ofSeconds(15)).run(client(), nanos::get));
  }

  @Test
  void stopsAtItsMostRunsOrTime() {
    long[] busy = new long[200];
    java.util.Arrays.fill(busy, 50);

    assertEquals(7, warmUp(1, 7, Duration.ofSeconds(15)).run(client(busy), nanos::get));
    assertEquals(10, warmUp(1, 100, Duration.ofSeconds(1)).run(client(busy), nanos::get));
  }

  @Test
  void withoutACompilationCounterItMakesExactlyItsMinimum() {
    InferenceClient client = client(900, 900, 900, 900);

    int runs = new WarmUp(request, 2, 100, Duration.ofSeconds(15), null).run(client, nanos::get);

    assertEquals(2, runs);
  }

  @Test
  void aRunOutOfTimeEndsIt() {
    InferenceClient client = mock(InferenceClient.class);
    when(client.generate(any())).thenThrow(new DeadlineExceededException("5 s spent"));

    assertEquals(1, warmUp(3, 100, Duration.ofSeconds(15)).run(client, nanos::get));
  }

  @Test
  void noneRunsNothing() {
    InferenceClient client = client();

    assertEquals(0, WarmUp.none(request).run(client, nanos::get));
    assertEquals(0, WarmUp.untilCompiled(request, 0).run(client, nanos::get));
    verify(client, never()).generate(any());
  }

  @Test
  void untilCompiledMakesAtLeastItsMinimum() {
    WarmUp w = WarmUp.untilCompiled(request, 4);

    assertEquals(4, w.minRuns());
    assertTrue(w.maxRuns() >= 4);
    assertTrue(w.run(client(), nanos::get) >= 4);
  }

  @Test
  void refusesCountsThatCannotHold() {
    assertThrows(IllegalArgumentException.class, () -> warmUp(-1, 3, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> warmUp(4, 3, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> warmUp(1, 3, Duration.ofSeconds(-1)));
  }
}
