/** The Groq LPU simulator backend and its what-if planner. */
module io.infer4j.lpu {
  requires transitive io.infer4j.api;
  requires transitive io.infer4j.runtime;

  exports io.infer4j.lpu;

  provides io.infer4j.spi.BackendProvider with io.infer4j.lpu.internal.LpuBackendProvider;
}
