/**
 * The remote backend's engine: settings, HTTP attempts over OkHttp, SSE parsing, usage dialects,
 * error mapping, retries, endpoint balancing, rate-limit tracking and latency learning. Not API:
 * changes without notice.
 */
package io.infer4j.remote.internal;
