package io.infer4j.lpu;

import io.infer4j.lpu.internal.ChipSpec;
import io.infer4j.lpu.internal.Schedule;
import io.infer4j.runtime.shape.ModelShape;
import java.time.Duration;
import java.util.Objects;

/**
 * A model compiled onto an LPU system for serving one sequence at a time, with KV cache reserved
 * for its whole context window: the static schedule, asked per request for the compute time of
 * the prefill of the actual prompt and of each decode step at its actual context. Obtained from
 * {@link LpuPlanner#compile}.
 *
 * <p>Deterministic (integer cycles of the schedule at the chip's clock, rounded to nanoseconds),
 * immutable and thread-safe.
 */
public final class LpuProgram {
  private final ModelShape shape;
  private final LpuPrecision precision;
  private final Schedule schedule;
  private final ChipSpec chip;

  LpuProgram(ModelShape shape, LpuPrecision precision, Schedule schedule, ChipSpec chip) {
    this.shape = Objects.requireNonNull(shape, "shape");
    this.precision = Objects.requireNonNull(precision, "precision");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.chip = Objects.requireNonNull(chip, "chip");
  }

  /** {@return the compiled model's shape} */
  public ModelShape shape() {
    return shape;
  }

  /** {@return the weight precision compiled for} */
  public LpuPrecision precision() {
    return precision;
  }

  /** {@return the chips of the system (as given, or the fewest that fit)} */
  public int chips() {
    return schedule.placement().chips();
  }

  /** {@return the chips holding weights or KV cache} */
  public int chipsUsed() {
    return schedule.placement().chipsUsed();
  }

  /**
   * Compute time from the prompt's arrival to the first token out: the prefill of {@code
   * promptTokens} tokens through every stage, then the output head.
   *
   * @param promptTokens prompt length in tokens
   * @return the compute time, excluding network and queueing
   * @throws IllegalArgumentException if {@code promptTokens} is not in {@code [1, maxContext]}
   */
  public Duration prefill(int promptTokens) {
    checkContext("promptTokens", promptTokens);
    return nanos(schedule.prefillCycles(promptTokens));
  }

  /**
   * Compute time of one decode step (one more token) when the KV cache holds {@code context}
   * positions.
   *
   * @param context tokens in the KV cache, prompt included
   * @return the compute time of the step
   * @throws IllegalArgumentException if {@code context} is not in {@code [1, maxContext]}
   */
  public Duration decodeStep(int context) {
    checkContext("context", context);
    return nanos(schedule.decodeStep(context).total());
  }

  private void checkContext(String name, int value) {
    if (value < 1 || value > shape.maxContext()) {
      throw new IllegalArgumentException(
          name + " must be in [1, " + shape.maxContext() + "]: " + value);
    }
  }

  private Duration nanos(long cycles) {
    return Duration.ofNanos(Math.round(cycles * 1e9 / chip.clockHz()));
  }

  @Override
  public String toString() {
    return "LpuProgram[" + shape.name() + ", " + precision.id() + ", " + chipsUsed() + "/"
        + chips() + " chips]";
  }
}
