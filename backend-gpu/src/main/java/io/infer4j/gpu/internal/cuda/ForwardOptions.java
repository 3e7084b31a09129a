package io.infer4j.gpu.internal.cuda;

/**
 * How a {@link CudaForward} runs its steps. Both fast paths are on by default; turning one off
 * gives the plain path it is tested and measured against.
 *
 * @param graphs record each sequence's decode step once as a CUDA graph and replay it per token
 *     ({@link CudaGraph}); off: launch the step's kernels one by one
 * @param tensorCores run prompt batches of at least {@link CudaForward#PROMPT_GEMM_MIN_BATCH}
 *     tokens as cuBLAS matrix-matrix products when cuBLAS is installed ({@link PromptGemm}); off:
 *     the matvec kernels, batched
 */
record ForwardOptions(boolean graphs, boolean tensorCores) {
  /** System property turning the decode graphs off ({@code false}); default on. */
  public static final String GRAPHS_PROPERTY = "infer4j.gpu.graphs";
  /** System property turning the tensor-core prompt path off ({@code false}); default on. */
  public static final String TENSOR_CORES_PROPERTY = "infer4j.gpu.tensor-cores";

  /** Both on, unless the system properties say {@code false}. */
  public static ForwardOptions defaults() {
    return new ForwardOptions(!"false".equalsIgnoreCase(System.getProperty(GRAPHS_PROPERTY)),
        !"false".equalsIgnoreCase(System.getProperty(TENSOR_CORES_PROPERTY)));
  }

  /** Both off: every kernel launched on its own, prompts through the matvec kernels. */
  public static ForwardOptions plain() {
    return new ForwardOptions(false, false);
  }
}
