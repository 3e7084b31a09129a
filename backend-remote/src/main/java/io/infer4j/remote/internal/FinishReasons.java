package io.infer4j.remote.internal;

import io.infer4j.FinishReason;
import java.util.List;
import java.util.Locale;

/** Maps wire {@code finish_reason} values to {@link FinishReason}. Stateless. */
final class FinishReasons {

  private FinishReasons() {}

  /**
   * @param wire the server's {@code finish_reason}, or {@code null} when it sent none
   * @param stopReason vLLM's {@code stop_reason}, or {@code null}
   * @param stops the request's stop strings
   * @param sawDone whether the stream ended with {@code data: [DONE]} (or a whole JSON answer)
   * @return the reason; {@link FinishReason#INCOMPLETE} when neither a reason nor an end marker came
   */
  static FinishReason map(String wire, String stopReason, List<String> stops, boolean sawDone) {
    if (wire == null || wire.isEmpty()) {
      return sawDone ? FinishReason.STOP : FinishReason.INCOMPLETE;
    }
    switch (wire.toLowerCase(Locale.ROOT)) {
      case "length":
      case "max_tokens":
        return FinishReason.LENGTH;
      case "content_filter":
        return FinishReason.CONTENT_FILTER;
      case "stop":
        return stopReason != null && stops.contains(stopReason)
            ? FinishReason.STOP_SEQUENCE
            : FinishReason.STOP;
      case "tool_calls":
      case "function_call":
        return FinishReason.TOOL_CALLS;
      default: // eos, end_turn and future values
        return FinishReason.STOP;
    }
  }
}
