/**
 * JMH benchmarks of the latency-budget router: what a routing decision costs, and what the router
 * adds to a whole request. Run them from {@code benchmarks/target/benchmarks.jar} (see the
 * module's README).
 */
package io.infer4j.benchmarks.router;
