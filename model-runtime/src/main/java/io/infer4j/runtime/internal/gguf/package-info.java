/**
 * GGUF v2/v3 reading: header, metadata of every value type, tensor infos and mapped tensor views.
 * Not API: changes without notice.
 */
package io.infer4j.runtime.internal.gguf;
