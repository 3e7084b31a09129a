/**
 * Typed, read-only views of weight tensors in mapped memory (F32, F16, BF16 and the GGML
 * block-quantized types of {@link io.infer4j.runtime.internal.tensor.GgmlType}), with row
 * dequantization. Not API: changes without notice.
 */
package io.infer4j.runtime.internal.tensor;
