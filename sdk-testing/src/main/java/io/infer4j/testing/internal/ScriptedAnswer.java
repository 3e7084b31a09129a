package io.infer4j.testing.internal;

import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import java.util.List;
import java.util.Objects;

/**
 * One scripted answer of the fake: chunks to stream and, optionally, a failure to raise once they
 * are delivered. Immutable. Not API.
 *
 * @param chunks the chunks in order; {@code null} means "echo the request text in word chunks"
 * @param failure the failure to raise, or {@code null} for a normal end
 * @param failAtStart whether the failure is raised by {@code start} (before any chunk) rather
 *     than after the chunks
 */
public record ScriptedAnswer(List<String> chunks, InferenceException failure, boolean failAtStart) {

  /** The answer when nothing is scripted: the request text echoed in word chunks. */
  public static final ScriptedAnswer ECHO = new ScriptedAnswer(null, null, false);

  public ScriptedAnswer {
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
}
