package io.infer4j.testing.internal;

import io.infer4j.FinishReason;
import io.infer4j.TokenChunk;
import io.infer4j.Usage;
import java.util.List;
import java.util.Objects;

/**
 * A completed response as a cassette stores it: the raw chunks the backend produced (including
 * chunks without visible text, so token counts replay exactly), the finish reason, the usage the
 * backend reported (or {@code null} when the SDK counted it) and the model. Timing is not
 * recorded: a replay is measured afresh. Immutable; written to cassettes as JSON. Not API.
 */
public record RecordedResponse(
    List<Chunk> chunks, FinishReason finishReason, ReportedUsage usage, String model) {

  /** One chunk: its text and how many tokens it carried. */
  public record Chunk(String text, int tokens) {
    public Chunk {
      Objects.requireNonNull(text, "chunk text");
      if (tokens < 0) {
        throw new IllegalArgumentException("chunk tokens must be >= 0: " + tokens);
      }
    }

    static Chunk of(TokenChunk c) {
      return new Chunk(c.text(), c.tokens());
    }
  }

  /** Token counts the backend reported. */
  public record ReportedUsage(int promptTokens, int completionTokens) {
    public ReportedUsage {
      if (promptTokens < 0 || completionTokens < 0) {
        throw new IllegalArgumentException("token counts must be >= 0");
      }
    }

    Usage toUsage() {
      return Usage.reported(promptTokens, completionTokens);
    }
  }

  public RecordedResponse {
    Objects.requireNonNull(chunks, "chunks");
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(model, "model");
    chunks = List.copyOf(chunks);
  }
}
