package io.infer4j.testing.internal;

import io.infer4j.FinishReason;
import io.infer4j.InferenceException;
import io.infer4j.Sampling;
import io.infer4j.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * What one fake generation will deliver: the scripted chunks cut by the request's stop strings
 * and {@code maxTokens} (one chunk counts as one token), the finish reason, and the failure to
 * raise after the chunks, if the answer was not cut short before it; or tool calls, after no
 * chunks. Immutable. Not API.
 *
 * @param chunks the chunks to deliver, none empty unless scripted empty
 * @param finishReason STOP, STOP_SEQUENCE or LENGTH; TOOL_CALLS with tool calls
 * @param failure raised after the last chunk instead of ending normally, or {@code null}
 * @param toolCalls the calls the answer makes; empty for a text answer
 */
public record AnswerPlan(
    List<String> chunks, FinishReason finishReason, InferenceException failure, List<ToolCall> toolCalls) {

  public AnswerPlan {
    chunks = List.copyOf(chunks);
    toolCalls = List.copyOf(toolCalls);
  }

  /** A text answer. */
  public AnswerPlan(List<String> chunks, FinishReason finishReason, InferenceException failure) {
    this(chunks, finishReason, failure, List.of());
  }

  /**
   * An answer that makes {@code calls} and has no text; sampling limits do not apply (the calls
   * are not chunks).
   */
  public static AnswerPlan ofToolCalls(List<ToolCall> calls) {
    return new AnswerPlan(List.of(), FinishReason.TOOL_CALLS, null, calls);
  }

  /**
   * Applies the sampling limits to scripted chunks. A stop string counts as produced in the chunk
   * where it completes; if that chunk is within {@code maxTokens}, the text ends just before the
   * stop string ({@code STOP_SEQUENCE}); otherwise, and whenever there are more chunks than {@code
   * maxTokens}, the first {@code maxTokens} chunks are delivered ({@code LENGTH}).
   */
  public static AnswerPlan of(List<String> scripted, InferenceException failure, Sampling sampling) {
    String full = String.join("", scripted);
    int stopAt = -1;
    int stopEnd = -1;
    for (String stop : sampling.stop()) {
      int at = full.indexOf(stop);
      if (at >= 0 && (stopAt < 0 || at < stopAt)) {
        stopAt = at;
        stopEnd = at + stop.length();
      }
    }
    int max = sampling.maxTokens();
    if (stopAt >= 0) {
      int completingChunk = chunkContaining(scripted, stopEnd - 1);
      if (completingChunk < max) {
        return new AnswerPlan(cutAt(scripted, stopAt), FinishReason.STOP_SEQUENCE, null);
      }
    }
    if (scripted.size() > max) {
      return new AnswerPlan(scripted.subList(0, max), FinishReason.LENGTH, null);
    }
    return new AnswerPlan(scripted, FinishReason.STOP, failure);
  }

  /** Index of the chunk holding character {@code pos} of the joined text. */
  private static int chunkContaining(List<String> chunks, int pos) {
    int end = 0;
    for (int i = 0; i < chunks.size(); i++) {
      end += chunks.get(i).length();
      if (pos < end) {
        return i;
      }
    }
    return chunks.size() - 1;
  }

  /** The chunks holding the first {@code length} characters, the last one cut, empty ones dropped. */
  private static List<String> cutAt(List<String> chunks, int length) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (String c : chunks) {
      if (start >= length) {
        break;
      }
      String part = start + c.length() <= length ? c : c.substring(0, length - start);
      if (!part.isEmpty()) {
        out.add(part);
      }
      start += c.length();
    }
    return out;
  }
}
