package io.infer4j.internal.router;

import io.infer4j.InferenceException;
import io.infer4j.TokenChunk;

/**
 * What pulling an attempt's first chunk gave: a chunk, the end of an empty answer ({@code chunk}
 * null, no failure), or a failure.
 */
record FirstPull(AttemptRun attempt, TokenChunk chunk, InferenceException failure) {}
