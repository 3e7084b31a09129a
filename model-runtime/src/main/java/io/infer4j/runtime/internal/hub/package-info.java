/**
 * Model files from the Hugging Face Hub: reference parsing, the resumable, verified download into
 * the cache, the terminal progress bar. Not API: reached through {@link
 * io.infer4j.runtime.ModelSources}.
 */
package io.infer4j.runtime.internal.hub;
