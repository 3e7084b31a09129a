package io.infer4j.samples.cli.internal.plan;

import io.infer4j.InferenceException;
import io.infer4j.gpu.GpuPlan;
import io.infer4j.gpu.GpuPlanRequest;
import io.infer4j.gpu.GpuPlanner;
import io.infer4j.gpu.ModelDoesNotFitException;
import io.infer4j.lpu.InsufficientChipsException;
import io.infer4j.lpu.LpuPlan;
import io.infer4j.lpu.LpuPlanRequest;
import io.infer4j.lpu.LpuPlanner;
import io.infer4j.runtime.shape.ModelShape;
import io.infer4j.runtime.shape.ReplicaFigures;
import java.util.ArrayList;
import java.util.List;

/**
 * The replica configurations {@code plan --rate} chooses among, each timed by its planner: chips or
 * GPUs per replica (the hardware's counts that the model can use, or the count given) times batch (powers of two up to {@link #MAX_BATCH}, or the batch given), as long as
 * the weights and the batch's KV cache fit. A request's prefill is timed alone (batch 1 on the same
 * chips or GPUs: continuous batching prefills each arriving request by itself), a decode step at the
 * full batch.
 */
public final class CapacityCandidates {

  /** The largest batch tried: beyond it, decode steps of today's engines stop getting cheaper per token. */
  public static final int MAX_BATCH = 256;

  private CapacityCandidates() {}

  /**
   * GPU or TPU replicas. {@code request} builds the request for a count and batch (the caller's
   * hardware, precision, lengths, price and power).
   *
   * @param units the count given, or null to try each of {@code counts}
   * @throws RuntimeException the first count's own error (it does not fit, its heads do not
   *     divide, the engine cannot run it) when no configuration can be planned
   * @param batch the batch given, or null to try every power of two up to {@link #MAX_BATCH}
   */
  public static List<ReplicaFigures> gpu(ModelShape shape, Integer units, List<Integer> counts,
      Integer batch, BatchedRequest request) {
    List<ReplicaFigures> out = new ArrayList<>();
    RuntimeException first = null;
    for (int n : units != null ? List.of(units) : counts) {
      GpuPlan alone;
      try {
        alone = GpuPlanner.plan(shape, request.build(n, 1));
      } catch (InferenceException | ModelDoesNotFitException cannot) {
        first = first == null ? cannot : first; // too few, or a count the model or engine cannot use
        continue;
      }
      for (int b : counts(batch, MAX_BATCH)) {
        try {
          GpuPlan p = GpuPlanner.plan(shape, request.build(n, b));
          out.add(new ReplicaFigures(n, b, alone.ttftMs(), p.interTokenLatencyMs(),
              p.costAndEnergy().wattsPerUnit(), p.costAndEnergy().pricePerUnitHour()));
        } catch (ModelDoesNotFitException kvFull) {
          first = first == null ? kvFull : first;
          break; // larger batches need more KV cache still
        }
      }
    }
    if (out.isEmpty() && first != null) {
      throw first; // says why: the first count's own error
    }
    return out;
  }

  /** How a GPU request is built for {@code units} GPUs and {@code batch} sequences. */
  @FunctionalInterface
  public interface BatchedRequest {
    GpuPlanRequest build(int units, int batch);
  }

  /**
   * LPU replicas: for each batch, the chips given (or as few as hold the weights and that batch's
   * KV cache).
   */
  public static List<ReplicaFigures> lpu(ModelShape shape, LpuPlanRequest options, Integer batch) {
    LpuPlanner planner = new LpuPlanner();
    List<ReplicaFigures> out = new ArrayList<>();
    RuntimeException first = null;
    for (int b : counts(batch, MAX_BATCH)) {
      LpuPlan p;
      LpuPlan alone;
      try {
        p = planner.plan(shape, options.withBatch(b));
        alone = planner.plan(shape, options.withBatch(1).withChips(p.chips()));
      } catch (InsufficientChipsException tooMany) {
        first = first == null ? tooMany : first;
        break;
      }
      out.add(new ReplicaFigures(p.chips(), b, alone.ttftMs(), p.interTokenLatencyMs(),
          p.costAndEnergy().wattsPerUnit(), p.costAndEnergy().pricePerUnitHour()));
    }
    if (out.isEmpty() && first != null) {
      throw first;
    }
    return out;
  }

  /** {@code given} alone, or 1, 2, 4, ... up to {@code max}. */
  private static List<Integer> counts(Integer given, int max) {
    if (given != null) {
      return List.of(given);
    }
    List<Integer> out = new ArrayList<>();
    for (int n = 1; n <= max; n *= 2) {
      out.add(n);
    }
    return out;
  }
}
