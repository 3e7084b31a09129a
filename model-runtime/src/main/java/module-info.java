/**
 * The in-process model runtime: GGUF and llama2.c files, tokenizers, chat templates, CPU kernels
 * (Vector API), sampling and constrained decoding; model shapes and the capacity planner's
 * arithmetic shared by the LPU and GPU backends. Depend on {@code
 * io.infer4j:infer4j-model-runtime} only to use the runtime directly; the lpu and gpu backends bring it.
 */
module io.infer4j.runtime {
  requires transitive io.infer4j.api;
  requires transitive jdk.incubator.vector;
  requires com.fasterxml.jackson.databind;
  requires java.management; // the JIT's compilation time, for the warm-up at load
  requires java.net.http;

  exports io.infer4j.runtime;
  exports io.infer4j.runtime.serving;
  exports io.infer4j.runtime.shape;

  // The GPU backend is a second engine over the same model files: it reads their tensors and
  // checks its kernels against the CPU ones.
  exports io.infer4j.runtime.internal.gguf to io.infer4j.gpu;
  exports io.infer4j.runtime.internal.io to io.infer4j.gpu;
  exports io.infer4j.runtime.internal.kernels to io.infer4j.gpu;
  exports io.infer4j.runtime.internal.llama2c to io.infer4j.gpu;
  exports io.infer4j.runtime.internal.model to io.infer4j.gpu;
  exports io.infer4j.runtime.internal.tensor to io.infer4j.gpu;
}
