/**
 * Scripted backends for the benchmarks: fast enough that what a benchmark measures is the SDK
 * around them, not them. Not API.
 */
package io.infer4j.benchmarks.internal;
