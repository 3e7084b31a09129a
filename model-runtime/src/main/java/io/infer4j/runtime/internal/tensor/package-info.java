/**
 * Typed, read-only views of weight tensors in mapped memory (F32, F16, BF16, Q8_0, Q4_0), with row
 * dequantization. Not API: changes without notice.
 */
package io.infer4j.runtime.internal.tensor;
