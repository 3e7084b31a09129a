package io.infer4j.samples.cli.internal.plan;

import io.infer4j.InvalidRequestException;
import io.infer4j.gpu.GpuHardware;
import io.infer4j.gpu.GpuPlan;
import io.infer4j.gpu.ModelDoesNotFitException;
import io.infer4j.lpu.LpuPlan;
import io.infer4j.lpu.LpuPlanRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The counts {@code plan --chart} draws one hardware at, each planned:
 *
 * <ul>
 *   <li>LPU: the fewest chips that hold the model, then twice as many, and so on while the largest
 *       system has that many chips and the compiler puts the added chips to use (the first count
 *       where it does not is drawn, so the flat end shows), at most {@value #MAX_POINTS} counts;
 *   <li>GPUs: 1, 2, 4, 8 of one node; TPUs: the slices of 1, 4, 8, ... 256 chips ({@link
 *       GpuHardware#unitCounts()}); in both, the counts that divide the model's attention heads and
 *       hold the weights.
 * </ul>
 *
 * A count given on the command line ({@code --chips}, {@code --gpus}) is drawn as well.
 */
public final class CountSweep {

  /** Most LPU counts drawn: 12 doublings span 1 to 2,048 times the fewest chips. */
  static final int MAX_POINTS = 12;

  private CountSweep() {}

  /**
   * The points of {@code hardware} ({@code lpu} or a {@link GpuHardware} id) in order of count.
   *
   * @param given the count of the plan printed, or null
   */
  public static List<PlanPoint> of(String hardware, PlanSettings settings, Integer given) {
    if (LpuPlan.HARDWARE.equalsIgnoreCase(hardware.strip())) {
      return lpu(chips -> settings.lpu(chips), given);
    }
    GpuHardware gpu = GpuHardware.fromId(hardware);
    return gpu(tensorParallelCounts(gpu, settings.shape().heads()), n -> settings.gpu(gpu, n), given);
  }

  /** LPU points from {@code planAt} (chips to plan; 0: the fewest that fit). */
  static List<PlanPoint> lpu(IntFunction<LpuPlan> planAt, Integer given) {
    List<PlanPoint> points = new ArrayList<>();
    LpuPlan fewest = planAt.apply(LpuPlanRequest.FEWEST_THAT_FIT);
    points.add(PlanPoint.of(fewest));
    int used = fewest.chipsUsed();
    for (int chips = fewest.chips() * 2; points.size() < MAX_POINTS; chips *= 2) {
      LpuPlan p;
      try {
        p = planAt.apply(chips);
      } catch (InvalidRequestException aboveLargestSystem) {
        if ("chips".equals(aboveLargestSystem.field())) {
          break;
        }
        throw aboveLargestSystem;
      }
      points.add(PlanPoint.of(p));
      if (p.chipsUsed() <= used) {
        break; // the added chips sit idle: more would draw the same flat line
      }
      used = p.chipsUsed();
    }
    if (given != null && given != LpuPlanRequest.FEWEST_THAT_FIT
        && points.stream().noneMatch(p -> p.units() == given)) {
      points.add(PlanPoint.of(planAt.apply(given)));
    }
    points.sort(Comparator.comparingInt(PlanPoint::units));
    return List.copyOf(points);
  }

  /** GPU or TPU points at {@code counts} that hold the model, and at {@code given}. */
  static List<PlanPoint> gpu(List<Integer> counts, IntFunction<GpuPlan> planAt, Integer given) {
    List<PlanPoint> points = new ArrayList<>();
    for (int n : counts) {
      try {
        points.add(PlanPoint.of(planAt.apply(n)));
      } catch (ModelDoesNotFitException tooFew) {
        // more GPUs may hold it
      }
    }
    if (given != null && points.stream().noneMatch(p -> p.units() == given)) {
      points.add(PlanPoint.of(planAt.apply(given)));
    }
    points.sort(Comparator.comparingInt(PlanPoint::units));
    return List.copyOf(points);
  }

  /**
   * The counts of {@code hardware} ({@link GpuHardware#unitCounts()}) that divide {@code heads}:
   * tensor parallelism splits the attention heads.
   */
  public static List<Integer> tensorParallelCounts(GpuHardware hardware, int heads) {
    return hardware.unitCounts().stream().filter(n -> heads % n == 0).toList();
  }
}
