package io.infer4j.benchmarks.runtime;

import java.util.Locale;

/**
 * One engine's measured speed on one file, and its one-line form that a forked process prints.
 *
 * @param engine who ran it
 * @param promptTokens prompt length processed
 * @param promptTokensPerSecond prompt processing rate
 * @param decodeTokens tokens decoded after the prompt (batch 1)
 * @param decodeTokensPerSecond decode rate
 */
record SpeedFigures(
    String engine,
    int promptTokens,
    double promptTokensPerSecond,
    int decodeTokens,
    double decodeTokensPerSecond) {

  static final String PREFIX = "SPEED ";

  /**
   * Runs before the timed ones, the same for every engine: a whole run (prompt and decode), so
   * that the JVM's JIT has compiled the decode path before timing starts (on the 2-core VM,
   * infer4j's decode ran 16-40% slower in its first run after load than at best later, its
   * prompts 2.6-4.7x slower; llama.cpp's native code needs no such time; 2026-12-06).
   */
  static final int UNTIMED_RUNS = 1;

  /** Timed runs after the untimed ones; the best counts. */
  static final int TIMED_RUNS = 3;

  /** Suffix of the engine name of a probe's first run after load (untimed, reported apart). */
  static final String FIRST_RUN = "/first-run";

  /** These figures under another engine name. */
  SpeedFigures as(String name) {
    return new SpeedFigures(name, promptTokens, promptTokensPerSecond, decodeTokens,
        decodeTokensPerSecond);
  }

  /** Whether these are a probe's first run after load ({@link #FIRST_RUN}). */
  boolean firstRun() {
    return engine.endsWith(FIRST_RUN);
  }

  /** The line a forked engine prints on stdout. */
  String toLine() {
    return String.format(
        Locale.ROOT,
        "%s%s %d %.4f %d %.4f",
        PREFIX,
        engine,
        promptTokens,
        promptTokensPerSecond,
        decodeTokens,
        decodeTokensPerSecond);
  }

  /**
   * The best of several runs of one engine: the highest prompt and decode rates, each from
   * whichever run gave it.
   *
   * @throws IllegalArgumentException if {@code runs} is empty
   */
  static SpeedFigures best(java.util.List<SpeedFigures> runs) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("no runs to take the best of");
    }
    SpeedFigures first = runs.get(0);
    double prompt =
        runs.stream().mapToDouble(SpeedFigures::promptTokensPerSecond).max().orElseThrow();
    double decode =
        runs.stream().mapToDouble(SpeedFigures::decodeTokensPerSecond).max().orElseThrow();
    return new SpeedFigures(first.engine(), first.promptTokens(), prompt, first.decodeTokens(),
        decode);
  }

  /** Parses {@link #toLine()}. */
  static SpeedFigures parse(String line) {
    String[] f = line.substring(PREFIX.length()).trim().split(" ");
    return new SpeedFigures(
        f[0],
        Integer.parseInt(f[1]),
        Double.parseDouble(f[2]),
        Integer.parseInt(f[3]),
        Double.parseDouble(f[4]));
  }
}
