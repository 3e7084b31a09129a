/**
 * The Groq LPU simulator backend ({@code lpu}) and its what-if planner. Depend on {@code
 * io.infer4j:infer4j-backend-lpu}; it brings the model runtime.
 */
module io.infer4j.lpu {
  requires transitive io.infer4j.api;
  requires transitive io.infer4j.runtime;

  exports io.infer4j.lpu;

  provides io.infer4j.spi.BackendProvider with io.infer4j.lpu.internal.LpuBackendProvider;
}
