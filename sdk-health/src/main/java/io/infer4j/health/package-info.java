/**
 * MicroProfile Health readiness and liveness checks of the CDI container's infer4j clients: add
 * {@code infer4j-sdk-health} next to {@code infer4j-sdk-cdi} and a runtime with SmallRye Health,
 * and every client the container creates gets a readiness check {@code infer4j-<instance>}, all of
 * them one liveness check {@code infer4j}. {@link io.infer4j.health.InferenceHealthChecks} makes
 * the same checks by hand. The checks report {@link io.infer4j.InferenceClients#health}; see
 * {@link io.infer4j.spi.BackendHealth} for its states and details.
 */
package io.infer4j.health;
