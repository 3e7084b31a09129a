package io.infer4j.remote.internal;

import io.infer4j.Usage;
import java.util.List;

/**
 * What one JSON payload (an SSE {@code data:} event, or a whole non-streaming body) says.
 *
 * @param text visible content of the first choice; empty when the payload has none
 * @param finishReason the wire {@code finish_reason} of the first choice, or {@code null}
 * @param stopReason vLLM's {@code stop_reason} (the matched stop string), or {@code null}
 * @param usage usage in whichever dialect the payload carried, or {@code null}
 * @param model the {@code model} field, or {@code null}
 * @param error an {@code error} object sent inside a successful response, or {@code null}
 * @param toolCalls the tool-call fragments (a stream) or calls (a whole answer) of the first
 *     choice; empty when none
 */
record ParsedChunk(
    String text, String finishReason, String stopReason, Usage usage, String model, ServerError error,
    List<ToolCallPart> toolCalls) {

  ParsedChunk {
    text = text == null ? "" : text;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }
}
