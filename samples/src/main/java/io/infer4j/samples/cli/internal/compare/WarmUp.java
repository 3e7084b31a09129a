package io.infer4j.samples.cli.internal.compare;

import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Untimed runs of a request before the measured one, so that an in-process model is measured with
 * its kernels compiled rather than while the JIT compiler compiles them: at least {@code minRuns},
 * then more until a run during which the compiler was quiet (its total compilation time, {@code
 * compileMillis}, grew by at most {@link #QUIET_SHARE} of the run's time), at most {@code
 * maxRuns} and {@code maxTime} in all. A fixed count was not enough: three runs of 32 tokens left
 * the Vector API kernels of the embedded model still compiling on a 2-core machine, and the
 * measured row read anywhere from 574 to 1,393 tokens/s (2,642 after 30 runs). Immutable.
 *
 * @param request the untimed request (short, with a budget of its own)
 * @param minRuns runs made whatever the compiler does; 0 makes none at all (a cold start)
 * @param maxRuns most runs
 * @param maxTime most time of all runs together, checked between runs
 * @param compileMillis the JVM's total compilation time so far, in ms; {@code null} where the JVM
 *     does not say, and then exactly {@code minRuns} runs are made
 */
public record WarmUp(InferenceRequest request, int minRuns, int maxRuns, Duration maxTime,
    LongSupplier compileMillis) {

  /** A run is quiet when the compiler worked for at most this share of it. */
  public static final double QUIET_SHARE = 0.05;

  /** Most runs {@link #untilCompiled} makes. */
  public static final int MAX_RUNS = 100;

  /** Most time {@link #untilCompiled} spends, all runs together. */
  public static final Duration MAX_TIME = Duration.ofSeconds(15);

  /** No warm-up: the measured run is the first. */
  public static WarmUp none(InferenceRequest request) {
    return new WarmUp(request, 0, 0, Duration.ZERO, null);
  }

  /**
   * @throws IllegalArgumentException if a count or the time is negative, or {@code maxRuns <
   *     minRuns}
   */
  public WarmUp {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(maxTime, "maxTime");
    if (minRuns < 0 || maxRuns < minRuns || maxTime.isNegative()) {
      throw new IllegalArgumentException("warm-up of " + minRuns + " to " + maxRuns + " runs in "
          + maxTime);
    }
  }

  /**
   * At least {@code minRuns} runs of {@code request}, then on until the compiler is quiet, within
   * {@link #MAX_RUNS} and {@link #MAX_TIME}; none when {@code minRuns} is 0.
   */
  public static WarmUp untilCompiled(InferenceRequest request, int minRuns) {
    if (minRuns == 0) {
      return none(request);
    }
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    LongSupplier millis = jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit::getTotalCompilationTime : null;
    return new WarmUp(request, minRuns, Math.max(minRuns, MAX_RUNS), MAX_TIME, millis);
  }

  /**
   * Runs the warm-up on {@code client}; a run that runs out of its budget ends it (warm enough for
   * the time allowed: a big model on a CPU), and its failure is not the platform's.
   *
   * @return the runs made, the one that ran out of its budget included
   */
  public int run(InferenceClient client, LongSupplier nanoClock) {
    long start = nanoClock.getAsLong();
    int runs = 0;
    while (runs < maxRuns) {
      long before = compileMillis != null ? compileMillis.getAsLong() : 0;
      long runStart = nanoClock.getAsLong();
      runs++;
      try {
        client.generate(request);
      } catch (DeadlineExceededException e) {
        return runs;
      }
      long now = nanoClock.getAsLong();
      if (runs >= minRuns && (compileMillis == null
          || quiet(compileMillis.getAsLong() - before, (now - runStart) / 1e6)
          || now - start >= maxTime.toNanos())) {
        return runs;
      }
    }
    return runs;
  }

  /** Whether {@code compiledMs} of compilation during a run of {@code runMs} is quiet. */
  static boolean quiet(long compiledMs, double runMs) {
    return compiledMs <= QUIET_SHARE * runMs;
  }
}
