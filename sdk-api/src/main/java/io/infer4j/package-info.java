/**
 * The infer4j API: {@link io.infer4j.InferenceClient}, its request and response values, and the
 * one family of failures, {@link io.infer4j.InferenceException}. Obtain clients from {@link
 * io.infer4j.InferenceClients}. Nothing here names a backend.
 *
 * <p>A request with a latency budget, answered in one piece:
 * {@snippet file="io/infer4j/samples/docs/JavadocExamplesTest.java" region="generate"}
 *
 * <p>The same answer token by token:
 * {@snippet file="io/infer4j/samples/docs/JavadocExamplesTest.java" region="stream"}
 *
 * <p>These examples are regions of a test of the samples module that the build compiles and runs.
 */
package io.infer4j;
