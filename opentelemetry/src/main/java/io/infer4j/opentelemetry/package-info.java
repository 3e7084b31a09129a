/**
 * OpenTelemetry metrics and traces of infer4j requests: {@link
 * io.infer4j.opentelemetry.InferenceTelemetry}. Everything under {@code internal} is not API and
 * changes without notice.
 */
package io.infer4j.opentelemetry;
