package io.infer4j.runtime;

/** Why a {@link Generator} stopped. */
public enum StopReason {
  /** The position limit given to the generator was reached. */
  STEP_LIMIT,
  /** The model sampled a stop token (BOS, EOS, or an extra one such as a chat end-of-turn). */
  STOP_TOKEN,
  /** The session's context is full. */
  CONTEXT_FULL
}
