/**
 * Chat prompt rendering, one class per format, and the recognition of a model's Jinja template.
 * Not API: reached through {@link io.infer4j.runtime.ChatTemplate}.
 */
package io.infer4j.runtime.internal.chat;
