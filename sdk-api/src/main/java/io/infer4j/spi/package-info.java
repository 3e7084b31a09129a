/**
 * What backend modules implement: a {@link io.infer4j.spi.BackendProvider} registered with {@link
 * java.util.ServiceLoader} creates a {@link io.infer4j.spi.Backend}, which starts pull-based
 * {@link io.infer4j.spi.Generation}s. The SDK wraps backends in clients, so validation, deadlines,
 * timing and usage behave the same everywhere.
 */
package io.infer4j.spi;
