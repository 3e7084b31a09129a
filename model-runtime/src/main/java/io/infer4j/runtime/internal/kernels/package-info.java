/**
 * CPU kernels behind small interfaces, one per op family, each with a plain-loop {@code Reference}
 * implementation that reads like the math and serves as the oracle for faster ones. Not API.
 */
package io.infer4j.runtime.internal.kernels;
