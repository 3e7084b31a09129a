package io.infer4j.lpu;

import io.infer4j.InvalidRequestException;
import io.infer4j.lpu.internal.ChipSpec;
import io.infer4j.lpu.internal.Compiler;
import io.infer4j.lpu.internal.Cost;
import io.infer4j.lpu.internal.MachineConstants;
import io.infer4j.lpu.internal.Placement;
import io.infer4j.lpu.internal.Schedule;
import io.infer4j.runtime.shape.CostAndEnergy;
import io.infer4j.runtime.shape.ModelCatalog;
import io.infer4j.runtime.shape.ModelShape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers "how would this model run on Groq LPUs?" without weights: compiles the model's shape
 * onto the simulated system (placement in SRAM, static schedule) and reports the {@link LpuPlan}.
 *
 * <p>Deterministic: the same shape and options always give the same plan. Stateless and
 * thread-safe; one instance may be shared.
 *
 * <p>Errors: {@link InsufficientChipsException} when the model does not fit in the chips given
 * (or in the largest system), naming the chips needed; {@link io.infer4j.ModelNotFoundException}
 * for an unknown catalog name; {@link io.infer4j.InvalidRequestException} naming the field for a
 * chip count above the largest system or a prompt plus output longer than the model's context
 * window (and, from {@link LpuPlanRequest}, for any option out of range).
 */
public final class LpuPlanner {

  private final Compiler compiler;

  /** A planner for the published Groq TSP system. */
  public LpuPlanner() {
    this.compiler = Compiler.groq();
  }

  /**
   * Compiles {@code shape} for serving one sequence at a time, with KV cache reserved for its whole
   * context window ({@link ModelShape#maxContext()}); placements are compared at half the window.
   *
   * @param shape the model's architecture and context window
   * @param precision the weight precision
   * @param chips chips to use, or {@link LpuPlanRequest#FEWEST_THAT_FIT} (0)
   * @return the compiled program: placement and static schedule, reusable for any context up to
   *     the window
   * @throws InsufficientChipsException when the model does not fit, naming the chips needed
   * @throws io.infer4j.InvalidRequestException (field {@code chips}) for a negative chip count or
   *     one above the largest system
   */
  public LpuProgram compile(ModelShape shape, LpuPrecision precision, int chips) {
    if (chips < 0) {
      throw new InvalidRequestException("chips", "must be >= 0 (0 = as few as fit): " + chips);
    }
    int context = shape.maxContext();
    Schedule schedule =
        compiler.compile(shape, precision, chips, context, 1, Math.max(1, context / 2));
    return new LpuProgram(shape, precision, schedule, compiler.chip());
  }

  /**
   * Plans a catalog model ({@link ModelCatalog}).
   *
   * @param catalogName a {@link ModelCatalog} name, case-insensitive
   * @param options the system and workload to plan for
   * @return the plan
   * @throws io.infer4j.ModelNotFoundException when {@code catalogName} is unknown or null
   */
  public LpuPlan plan(String catalogName, LpuPlanRequest options) {
    return plan(ModelCatalog.get(catalogName), options);
  }

  /**
   * Plans a model given by its shape.
   *
   * @param shape the model's architecture and context window
   * @param options the system and workload to plan for
   * @return the plan
   * @throws io.infer4j.InvalidRequestException (field {@code outputTokens}) when {@code
   *     promptTokens + outputTokens} exceeds {@link ModelShape#maxContext()}
   */
  public LpuPlan plan(ModelShape shape, LpuPlanRequest options) {
    if (options.contextTokens() > shape.maxContext()) {
      throw new InvalidRequestException("outputTokens", "promptTokens + outputTokens ("
          + options.contextTokens() + ") exceed the context window of " + shape.name() + " (" + shape.maxContext() + ")");
    }
    int midContext = options.promptTokens() + options.outputTokens() / 2;
    Schedule schedule = compiler.compile(
        shape, options.precision(), options.chips(), options.contextTokens(), options.batch(),
        midContext);
    ChipSpec chip = compiler.chip();
    Placement placement = schedule.placement();

    Cost decode = schedule.decodeStep(midContext);
    double itlMs = chip.seconds(decode.total()) * 1e3;
    double ttftMs = chip.seconds(schedule.prefillCycles(options.promptTokens())) * 1e3;
    double networkMs = options.networkLatency().toNanos() / 1e6;
    double queueMs = options.queueDelay().toNanos() / 1e6;

    Map<String, Double> breakdown = new LinkedHashMap<>();
    breakdown.put("matmul", chip.seconds(decode.matmul()) * 1e3);
    breakdown.put("attention", chip.seconds(decode.attention()) * 1e3);
    breakdown.put("vector", chip.seconds(decode.vector()) * 1e3);
    breakdown.put("link_transfer", chip.seconds(decode.linkTransfer()) * 1e3);
    breakdown.put("dependency_chain", chip.seconds(decode.chain()) * 1e3);
    breakdown.put("chip_hops", chip.seconds(decode.hops()) * 1e3);

    double prefillTokensPerS = options.promptTokens() / (ttftMs / 1e3);
    CostAndEnergy costAndEnergy = costAndEnergy(options, placement.chips(),
        options.batch() * 1e3 / itlMs, options.batch() * prefillTokensPerS);
    return new LpuPlan(
        shape.name(),
        placement.chips(),
        placement.chipsUsed(),
        options.precision(),
        placement.tensorParallel(),
        placement.stages().size(),
        placement.weightsBytes(),
        placement.sramBytesUsed(),
        placement.chips() * chip.sramBytes(),
        options.promptTokens(),
        options.outputTokens(),
        options.batch(),
        ttftMs,
        ttftMs + networkMs + queueMs,
        networkMs,
        queueMs,
        itlMs,
        1e3 / itlMs,
        prefillTokensPerS,
        breakdown,
        costAndEnergy);
  }

  /**
   * Power and price of {@code chips} chips: the options' figures, else the published power per chip
   * and no price (Groq sells tokens on GroqCloud and cards, not chip-hours).
   */
  private static CostAndEnergy costAndEnergy(
      LpuPlanRequest options, int chips, double outputTokensPerS, double inputTokensPerS) {
    boolean givenWatts = !Double.isNaN(options.wattsPerChip());
    boolean givenPrice = !Double.isNaN(options.usdPerChipHour());
    return new CostAndEnergy(chips,
        givenWatts ? options.wattsPerChip() : MachineConstants.CHIP_POWER_WATTS,
        givenWatts ? "given" : "about 300 W per chip, TechSpot on the TSP launch (2020)",
        options.usdPerChipHour(),
        givenPrice ? "given" : "GroqCloud sells tokens, not chip-hours",
        outputTokensPerS, inputTokensPerS);
  }
}
