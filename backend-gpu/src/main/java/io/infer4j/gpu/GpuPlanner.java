package io.infer4j.gpu;

import io.infer4j.gpu.internal.TimingModel;
import io.infer4j.runtime.shape.ModelCatalog;
import java.util.List;

/**
 * The GPU timing model: predicts time to first token, per-token latency and memory use of a catalog
 * model on H100, H200, A100, L4 or B200 GPUs, without a GPU. Answers {@code infer4j plan --hardware
 * h100|h200|a100|l4|b200} and the GPU backend's latency estimate for the router.
 *
 * <p>The model is a roofline per kernel of the decode and prefill steps (memory- or compute-bound,
 * plus a cost per kernel launch), tensor-parallel all-reduces over NVLink (or PCIe) with NCCL's
 * latency model, and KV-cache traffic that grows with context. Its efficiencies are those of the
 * request's {@link GpuEngine}: a tuned engine (cited, the default) or infer4j's own CUDA path
 * (measured on a device); the plan names which. Deterministic, stateless and thread-safe.
 *
 * <p>Errors: an unknown model raises {@link io.infer4j.ModelNotFoundException} listing the known
 * ones; an impossible request (GPUs that do not divide the heads, a context longer than the model's,
 * a precision or GPU count the chosen engine cannot run) raises {@link
 * io.infer4j.InvalidRequestException} naming the field; a model that does not fit raises {@link
 * ModelDoesNotFitException} naming the bytes needed and available.
 */
public final class GpuPlanner {

  private GpuPlanner() {}

  /**
   * Predicts the plan for {@code request}.
   *
   * @param request the catalog model, hardware and workload
   * @return the predicted plan
   * @throws io.infer4j.ModelNotFoundException when the request's model is not in the catalog
   * @throws io.infer4j.InvalidRequestException naming the field when the GPUs do not divide the
   *     heads, the context exceeds the model's, or the engine cannot run the precision or GPU count
   * @throws ModelDoesNotFitException when weights, KV cache and buffers exceed the GPUs' memory
   */
  public static GpuPlan plan(GpuPlanRequest request) {
    return TimingModel.plan(request);
  }

  /**
   * Predicts the plan for a model given by its shape (for instance built from a model file's
   * metadata with {@link io.infer4j.runtime.shape.ModelShape#of}); the request's model name is
   * only a label.
   *
   * @param shape the model's architecture and context window
   * @param request the hardware and workload; its {@code model} names the plan
   * @return the predicted plan
   * @throws io.infer4j.InvalidRequestException naming the field when the GPUs do not divide the
   *     heads, the context exceeds the model's, or the engine cannot run the precision or GPU count
   * @throws ModelDoesNotFitException when weights, KV cache and buffers exceed the GPUs' memory
   */
  public static GpuPlan plan(io.infer4j.runtime.shape.ModelShape shape, GpuPlanRequest request) {
    return TimingModel.plan(shape, request);
  }

  /**
   * Shorthand: {@code model} on {@code gpus} x {@code hardware} at {@code precision}, defaults
   * otherwise (the tuned engine among them).
   *
   * @param model a catalog name ({@link #models()})
   * @param hardware the GPU
   * @param gpus tensor-parallel degree
   * @param precision weight storage
   * @return the predicted plan
   */
  public static GpuPlan plan(String model, GpuHardware hardware, int gpus, GpuPrecision precision) {
    return plan(GpuPlanRequest.builder(model, hardware).gpus(gpus).precision(precision).build());
  }

  /** {@return the catalog's model names, in a stable order} */
  public static List<String> models() {
    return ModelCatalog.names();
  }
}
