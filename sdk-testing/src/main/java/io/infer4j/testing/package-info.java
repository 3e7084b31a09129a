/**
 * The infer4j test kit: {@link io.infer4j.testing.FakeBackend} (a scripted backend that records
 * requests), {@link io.infer4j.testing.FakeInference} (a JUnit 5 extension that makes the fake the
 * configured backend), and {@link io.infer4j.testing.Cassettes} (record a real backend's answers to
 * a file, replay them offline). Backend providers {@code fake}, {@code record} and {@code replay}
 * make the same switchable by configuration.
 */
package io.infer4j.testing;
