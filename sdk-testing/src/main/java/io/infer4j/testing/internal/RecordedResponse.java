package io.infer4j.testing.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.infer4j.FinishReason;
import io.infer4j.TokenChunk;
import io.infer4j.Usage;
import io.infer4j.spi.GenerationResult;
import java.util.List;
import java.util.Objects;

/**
 * A completed response as a cassette stores it: the raw chunks the backend produced (including
 * chunks without visible text, so token counts replay exactly), the finish reason, the usage the
 * backend reported (or {@code null} when the SDK counted it), the model, and the tool calls the
 * backend reported (written only when there are some; version 1 cassettes have none). Timing is
 * not recorded: a replay is measured afresh. Immutable; written to cassettes as JSON. Not API.
 */
public record RecordedResponse(
    List<Chunk> chunks,
    FinishReason finishReason,
    ReportedUsage usage,
    String model,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCallRecord> toolCalls) {

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

  /**
   * Token counts the backend reported, the cached part of the prompt and the cost (both written
   * only when present; older cassettes have neither).
   */
  public record ReportedUsage(int promptTokens, int completionTokens,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) int cachedPromptTokens,
      @JsonInclude(JsonInclude.Include.NON_NULL) java.math.BigDecimal costUsd,
      @JsonInclude(JsonInclude.Include.NON_NULL) String costSource) {
    public ReportedUsage {
      if (promptTokens < 0 || completionTokens < 0) {
        throw new IllegalArgumentException("token counts must be >= 0");
      }
    }

    static ReportedUsage of(Usage u) {
      return new ReportedUsage(u.promptTokens(), u.completionTokens(), u.cachedPromptTokens(),
          u.cost().map(io.infer4j.Cost::usd).orElse(null),
          u.cost().map(io.infer4j.Cost::source).orElse(null));
    }

    Usage toUsage() {
      Usage u = Usage.reported(promptTokens, completionTokens, cachedPromptTokens);
      return costUsd == null ? u : u.withCost(new io.infer4j.Cost(costUsd, costSource));
    }
  }

  public RecordedResponse {
    Objects.requireNonNull(chunks, "chunks");
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(model, "model");
    chunks = List.copyOf(chunks);
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /** What a backend's finished generation gave: its chunks and its result. */
  static RecordedResponse of(List<Chunk> chunks, GenerationResult result) {
    ReportedUsage usage = result.reportedUsage()
        .map(ReportedUsage::of)
        .orElse(null);
    return new RecordedResponse(chunks, result.finishReason(), usage, result.model(),
        result.toolCalls().stream().map(ToolCallRecord::of).toList());
  }

  /** The generation result to replay. */
  GenerationResult toResult() {
    GenerationResult r = GenerationResult.of(finishReason, model)
        .withToolCalls(toolCalls.stream().map(ToolCallRecord::toToolCall).toList());
    return usage == null ? r : r.withUsage(usage.toUsage());
  }
}
