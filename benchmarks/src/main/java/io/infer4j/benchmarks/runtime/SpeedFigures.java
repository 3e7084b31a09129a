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
