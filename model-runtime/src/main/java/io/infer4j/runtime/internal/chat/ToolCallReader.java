package io.infer4j.runtime.internal.chat;

import io.infer4j.ToolCall;
import java.util.List;

/**
 * Reads the tool calls out of an answer as it streams: {@link #accept} passes on the text that is
 * not (or cannot become) part of a call and holds the rest; {@link #finish} parses what was held.
 * If it does not parse as calls, it is handed back as text. Not thread-safe: one per answer.
 */
public interface ToolCallReader {

  /** The part of {@code text} (the answer's next piece) to deliver now; the rest is held. */
  String accept(String text);

  /** The end of the answer: the held text that is to be delivered after all, and the calls. */
  Result finish();

  /**
   * @param text text to deliver after what {@link #accept} passed on
   * @param calls the calls the answer made, ids {@code call_<n>}; empty when none
   */
  record Result(String text, List<ToolCall> calls) {
    public Result {
      calls = List.copyOf(calls);
    }
  }
}
