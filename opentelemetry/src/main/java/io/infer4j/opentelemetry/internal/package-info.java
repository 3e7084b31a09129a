/** The engine behind {@code InferenceTelemetry}. Not API: changes without notice. */
package io.infer4j.opentelemetry.internal;
