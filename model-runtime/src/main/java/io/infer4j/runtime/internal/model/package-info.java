/** Llama weights, loaders and the reference forward pass. Not API: changes without notice. */
package io.infer4j.runtime.internal.model;
