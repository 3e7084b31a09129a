/**
 * JMH comparison of the remote backend with the official {@code com.openai:openai-java} client
 * against one loopback OpenAI-compatible server: added latency of a whole answer and of the first
 * streamed token, and a whole stream. Run it from {@code benchmarks/target/benchmarks.jar} (see the
 * module's README).
 */
package io.infer4j.benchmarks.remote;
