package io.infer4j.spi;

/** What a backend can do, so callers and the router can tell before sending a request. */
public enum Capability {
  /** Chat requests (messages rendered with a chat template). */
  CHAT,
  /** Raw-prompt requests. */
  RAW_PROMPT,
  /** Chunks arrive as they are generated (otherwise the whole text arrives as one chunk). */
  STREAMING,
  /** The same seed gives the same tokens. */
  SEEDED_SAMPLING,
  /** Timing in responses comes from a timing model, not a clock. */
  SIMULATED_TIMING,
  /** {@link Backend#estimate} returns predictions. */
  LATENCY_ESTIMATE,
  /** Requests leave the process (network, cost, rate limits apply). */
  REMOTE,
  /** Tool definitions on requests, tool calls on responses ({@link io.infer4j.ToolDefinition}). */
  TOOLS,
  /** JSON and JSON Schema answers ({@link io.infer4j.ResponseFormat}). */
  STRUCTURED_OUTPUT,
  /** {@link Backend#embed} returns vectors. */
  EMBEDDINGS,
  /** Images in user messages ({@link io.infer4j.MediaPart}). */
  IMAGES,
  /** Sounds in user messages ({@link io.infer4j.MediaPart}). */
  AUDIO
}
