package io.infer4j.lpu.internal;

import io.infer4j.InvalidRequestException;
import io.infer4j.lpu.InsufficientChipsException;
import io.infer4j.lpu.LpuPrecision;
import io.infer4j.runtime.shape.ModelShape;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The LPU compiler: places a model on chips (fewest that fit, or a given count), tries every
 * placement that fits and keeps the one with the shortest decode step, and returns its static
 * {@link Schedule}. Deterministic: placements are enumerated in a fixed order and ties go to the
 * placement using fewer chips, then to the earlier one. Thread-safe (immutable).
 */
public final class Compiler {

  private final ChipSpec chip;
  private final Topology topology;
  private final Placer placer;

  public Compiler(ChipSpec chip, Topology topology) {
    this.chip = chip;
    this.topology = topology;
    this.placer = new Placer(chip);
  }

  /** The Groq TSP in the published Groq system. */
  public static Compiler groq() {
    return new Compiler(ChipSpec.GROQ_TSP, Topology.GROQ);
  }

  public ChipSpec chip() {
    return chip;
  }

  /**
   * Compiles a model.
   *
   * @param chips chips to use, or 0 for the fewest that fit
   * @param contextTokens KV-cache positions to reserve per sequence
   * @param decodeContext context at which decode placements are compared
   * @throws InsufficientChipsException when the model does not fit in {@code chips} (or in the
   *     largest system), naming the chips needed
   * @throws InvalidRequestException (field {@code chips}) when {@code chips} exceeds the largest
   *     system
   */
  public Schedule compile(
      ModelShape shape, LpuPrecision precision, int chips, int contextTokens, int batch,
      int decodeContext) {
    if (chips > topology.maxChips()) {
      throw new InvalidRequestException("chips", chips + " exceeds the largest LPU system ("
          + topology.maxChips() + " chips)");
    }
    LayerBytes bytes = new LayerBytes(shape, precision, contextTokens, batch);
    int needed = minimumChips(bytes);
    if (needed > topology.maxChips() || (chips != 0 && chips < needed)) {
      throw new InsufficientChipsException(shape.name(), chips, needed, describe(bytes));
    }
    int count = chips == 0 ? needed : chips;
    List<Placement> candidates = placer.candidates(bytes, count);
    return candidates.stream()
        .map(p -> new Schedule(chip, topology, bytes, p))
        .min(Comparator.comparingLong((Schedule s) -> s.decodeStep(decodeContext).total())
            .thenComparingInt(s -> s.placement().chipsUsed()))
        .orElseThrow(() -> new IllegalStateException("no placement at " + count + " chips"));
  }

  /** The fewest chips on which some placement fits. */
  int minimumChips(LayerBytes bytes) {
    long usable = chip.usableSramBytes();
    int layers = bytes.shape().layers();
    int headMin = (int) LayerBytes.ceilDiv(bytes.headWeights(), usable);
    long best = Long.MAX_VALUE;
    // tensor x pipeline: the smallest group that holds one layer
    for (long t = 1; t * layers <= 100L * topology.maxChips(); t++) {
      if (bytes.perChipBytes((int) t) <= usable) {
        best = t * layers + headMin;
        break;
      }
    }
    // pipeline only: layers packed onto single chips
    if (bytes.perChipBytes(1) <= usable) {
      long perChip = usable / bytes.perChipBytes(1);
      long stages = (layers + perChip - 1) / perChip;
      long fill = (layers - (stages - 1) * perChip) * bytes.perChipBytes(1);
      long head = fill + bytes.headWeights() <= usable ? 0 : LayerBytes.ceilDiv(bytes.headWeights(), usable);
      best = Math.min(best, stages + head);
    }
    return best == Long.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.min(best, Integer.MAX_VALUE);
  }

  private String describe(LayerBytes bytes) {
    long layers = bytes.shape().layers();
    return String.format(Locale.ROOT,
        "%s weights %.2f GB + KV cache %.2f GB for %d tokens x %d sequences; %.1f MB usable SRAM per chip",
        bytes.precision().id(),
        (layers * bytes.layerWeights() + bytes.headWeights()) / 1e9,
        layers * bytes.layerKv() / 1e9,
        bytes.contextTokens(), bytes.batch(),
        chip.usableSramBytes() / 1e6);
  }
}
