/**
 * The serving adapter's implementation: the pull-based generation loop, prompt encoding, stop
 * strings and sampler choice. Not API: changes without notice.
 */
package io.infer4j.runtime.serving.internal;
