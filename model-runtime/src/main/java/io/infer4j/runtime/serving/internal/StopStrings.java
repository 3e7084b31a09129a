package io.infer4j.runtime.serving.internal;

import java.util.List;

/**
 * Finds a request's stop strings in streamed text. Text is released only when no stop string can
 * start in it: a tail that is the beginning of a stop string is held back until the next piece
 * shows whether the stop string follows. Not thread-safe: one per generation.
 */
public final class StopStrings {

  /**
   * What {@link #accept} lets through.
   *
   * @param text text that is safe to deliver (before any stop string)
   * @param stopped whether a stop string was found (everything from it on is dropped)
   */
  public record Step(String text, boolean stopped) {}

  private final List<String> stops;
  private final StringBuilder held = new StringBuilder();

  /** @param stops the stop strings, none empty */
  public StopStrings(List<String> stops) {
    this.stops = List.copyOf(stops);
  }

  /** Adds a piece of text. After a step that {@code stopped}, do not call again. */
  public Step accept(String piece) {
    held.append(piece);
    if (stops.isEmpty()) {
      return new Step(release(), false);
    }
    int first = -1;
    for (String stop : stops) {
      int at = held.indexOf(stop);
      if (at >= 0 && (first < 0 || at < first)) {
        first = at;
      }
    }
    if (first >= 0) {
      String before = held.substring(0, first);
      held.setLength(0);
      return new Step(before, true);
    }
    int keep = 0;
    for (String stop : stops) {
      keep = Math.max(keep, tailThatStarts(stop));
    }
    String safe = held.substring(0, held.length() - keep);
    held.delete(0, held.length() - keep);
    return new Step(safe, false);
  }

  /** The length of the longest tail of the held text that is a proper prefix of {@code stop}. */
  private int tailThatStarts(String stop) {
    int longest = Math.min(stop.length() - 1, held.length());
    for (int k = longest; k > 0; k--) {
      if (heldEndsWithStartOf(stop, k)) {
        return k;
      }
    }
    return 0;
  }

  /** Whether the held text ends with the first {@code k} characters of {@code stop}. */
  private boolean heldEndsWithStartOf(String stop, int k) {
    int from = held.length() - k;
    for (int i = 0; i < k; i++) {
      if (held.charAt(from + i) != stop.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whatever is held back, at the end of the answer (no stop string followed). */
  public String release() {
    String rest = held.toString();
    held.setLength(0);
    return rest;
  }
}
