/**
 * The health check beans behind {@link io.infer4j.health}. Not API: the classes are public only so
 * that containers and tests can name them; they change without notice.
 */
package io.infer4j.health.internal;
