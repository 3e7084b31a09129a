/**
 * The parts of {@code infer4j compare} (not API): the model compared, the measured and simulated
 * platforms, the router's pick for a budget, and the table, JSON and chart that show them.
 */
package io.infer4j.samples.cli.internal.compare;
