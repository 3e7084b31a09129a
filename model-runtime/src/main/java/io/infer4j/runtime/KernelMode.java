package io.infer4j.runtime;

/** Which CPU kernels a model's sessions run. */
public enum KernelMode {
  /**
   * Plain loops that read like the math, in run.c's float32 order: slow, and token-exact against
   * llama2.c's run.c.
   */
  REFERENCE,
  /**
   * Vector API dot products spread over the common fork-join pool: faster; logits differ from
   * {@link #REFERENCE} by float rounding only, so long greedy runs can eventually pick another
   * token where two were nearly tied.
   */
  VECTOR
}
