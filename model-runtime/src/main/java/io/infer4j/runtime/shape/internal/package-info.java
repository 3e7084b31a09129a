/**
 * Helpers shared by the planners of the in-process backends (the JSON writer of their plans). Not
 * API: changes without notice.
 */
package io.infer4j.runtime.shape.internal;
