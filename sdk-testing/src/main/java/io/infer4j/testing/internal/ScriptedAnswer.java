package io.infer4j.testing.internal;

import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.ResponseFormat;
import io.infer4j.ToolChoice;
import io.infer4j.testing.FakeToolCall;
import java.util.List;
import java.util.Objects;

/**
 * One scripted answer of the fake: chunks to stream and, optionally, a failure to raise once they
 * are delivered; or tool calls to make. Immutable. Not API.
 *
 * @param chunks the chunks in order; {@code null} means "echo the request text in word chunks"
 * @param failure the failure to raise, or {@code null} for a normal end
 * @param failAtStart whether the failure is raised by {@code start} (before any chunk) rather
 *     than after the chunks
 * @param toolCalls the calls to make, after no chunks; empty for a text answer
 */
public record ScriptedAnswer(
    List<String> chunks, InferenceException failure, boolean failAtStart, List<FakeToolCall> toolCalls) {

  /** The answer when nothing is scripted: the request text echoed in word chunks. */
  public static final ScriptedAnswer ECHO = new ScriptedAnswer(null, null, false);

  /** A text answer (or a failure). */
  public ScriptedAnswer(List<String> chunks, InferenceException failure, boolean failAtStart) {
    this(chunks, failure, failAtStart, List.of());
  }

  public ScriptedAnswer {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    if (!toolCalls.isEmpty() && (chunks == null || !chunks.isEmpty() || failure != null)) {
      throw new IllegalArgumentException("a tool-call answer has no chunks and no failure");
    }
    if (chunks != null) {
      for (int i = 0; i < chunks.size(); i++) {
        if (chunks.get(i) == null) {
          throw new IllegalArgumentException("chunk " + i + " must not be null");
        }
      }
      chunks = List.copyOf(chunks);
    }
    if (failAtStart && failure == null) {
      throw new IllegalArgumentException("failAtStart needs a failure");
    }
  }

  /** Streams {@code text} in word chunks. */
  public static ScriptedAnswer text(String text) {
    Objects.requireNonNull(text, "text");
    return new ScriptedAnswer(WordChunks.split(text), null, false);
  }

  /** Streams the chunks as given. */
  public static ScriptedAnswer chunks(List<String> chunks) {
    Objects.requireNonNull(chunks, "chunks");
    return new ScriptedAnswer(chunks, null, false);
  }

  /**
   * Streams {@code json} in word chunks.
   *
   * @throws IllegalArgumentException when it is not JSON
   */
  public static ScriptedAnswer json(String json) {
    Objects.requireNonNull(json, "json");
    return text(FakeJson.requireJson(json));
  }

  /** Makes these calls, in this order, without text. */
  public static ScriptedAnswer toolCalls(List<FakeToolCall> calls) {
    Objects.requireNonNull(calls, "calls");
    if (calls.isEmpty()) {
      throw new IllegalArgumentException("script at least one tool call");
    }
    for (int i = 0; i < calls.size(); i++) {
      Objects.requireNonNull(calls.get(i), "call " + i);
    }
    return new ScriptedAnswer(List.of(), null, false, calls);
  }

  /** Fails when the request starts. */
  public static ScriptedAnswer failure(InferenceException e) {
    Objects.requireNonNull(e, "failure");
    return new ScriptedAnswer(List.of(), e, true);
  }

  /** Streams the chunks, then fails. */
  public static ScriptedAnswer failureAfter(List<String> chunks, InferenceException e) {
    Objects.requireNonNull(chunks, "chunks");
    Objects.requireNonNull(e, "failure");
    return new ScriptedAnswer(chunks, e, false);
  }

  /** The chunks for a request: the scripted ones, or the echo of its text. */
  public List<String> chunksFor(InferenceRequest request) {
    return chunks != null ? chunks : WordChunks.split(request.text());
  }

  /** Why an echo cannot answer {@code request}, with how to script it; null when it can. */
  public static String whyNotEchoed(InferenceRequest request) {
    ResponseFormat format = request.responseFormat();
    if (format.isJson()) {
      return "it asks for a JSON answer (" + format.kind()
          + (format.name() != null ? " '" + format.name() + "'" : "")
          + "), which the fake does not invent: script one with replyJson(value), "
          + "replyJson(\"{...}\") or when(...).replyJson(...)";
    }
    ToolChoice choice = request.toolChoice();
    if (choice.mode() == ToolChoice.Mode.REQUIRED || choice.mode() == ToolChoice.Mode.NAMED) {
      String tool = choice.toolName() != null ? choice.toolName() : request.tools().get(0).name();
      return "its tool choice " + (choice.toolName() != null ? "names '" + tool + "'" : "is REQUIRED")
          + ", and the fake does not invent tool calls: script one with replyToolCall(\"" + tool
          + "\", arguments) or when(...).replyToolCall(...)";
    }
    return null;
  }
}
