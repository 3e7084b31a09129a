/** Samplers: argmax, run.c's sampler, and the top-k / min-p / top-p filter chain. Not API. */
package io.infer4j.runtime.internal.sampling;
