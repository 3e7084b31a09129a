/**
 * The infer4j test kit: {@link io.infer4j.testing.FakeBackend} (a scripted backend that records
 * requests), {@link io.infer4j.testing.FakeInference} (a JUnit 5 extension that makes the fake the
 * configured backend), and {@link io.infer4j.testing.Cassettes} (record a real backend's answers to
 * a file, replay them offline). Backend providers {@code fake}, {@code record} and {@code replay}
 * make the same switchable by configuration.
 *
 * <p>The fake handed to the code under test as a client:
 * {@snippet file="io/infer4j/samples/docs/JavadocExamplesTest.java" region="fake"}
 *
 * <p>This example is a region of a test of the samples module that the build compiles and runs.
 */
package io.infer4j.testing;
