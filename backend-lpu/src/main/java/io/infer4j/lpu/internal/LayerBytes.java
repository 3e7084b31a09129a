package io.infer4j.lpu.internal;

import io.infer4j.lpu.LpuPrecision;
import io.infer4j.runtime.shape.ModelShape;

/**
 * Bytes of one decoder layer and of the output head, and how they split over the chips of a
 * tensor-parallel group. Dense layers split every matrix evenly over the group. Mixture-of-experts
 * layers split attention evenly and place experts whole (expert parallel) while the group has no
 * more chips than experts, else split each expert over {@code chips / experts} chips. Immutable.
 *
 * @param shape the model
 * @param precision weight storage
 * @param contextTokens KV-cache positions reserved per sequence
 * @param batch sequences sharing the placement
 */
public record LayerBytes(ModelShape shape, LpuPrecision precision, int contextTokens, int batch) {

  private long bpw() {
    return precision.bytesPerWeight();
  }

  /** Weights of one layer in SRAM. */
  public long layerWeights() {
    return shape.layerParameters() * bpw();
  }

  /** KV cache of one layer: keys and values of every reserved position of every sequence. */
  public long layerKv() {
    return shape.kvValuesPerTokenPerLayer() * contextTokens * (long) batch
        * MachineConstants.ACTIVATION_BYTES;
  }

  /** Weights of the output head: output projection (the embedding too when untied), final norm. */
  public long headWeights() {
    return shape.nonLayerParameters() * bpw();
  }

  /** Attention, router and norm weights of one layer (everything but the experts). */
  private long sharedWeights() {
    return (shape.layerParameters() - shape.experts() * shape.expertParameters()) * bpw();
  }

  private long expertWeights() {
    return shape.expertParameters() * bpw();
  }

  /** Experts whose weights one chip of a {@code chips} group holds (whole or in part). */
  public int expertsPerChip(int chips) {
    return chips >= shape.experts() ? 1 : ceilDiv(shape.experts(), chips);
  }

  /** Chips each expert is split over in a {@code chips} group (1 = experts placed whole). */
  public int expertSplit(int chips) {
    return Math.max(1, chips / shape.experts());
  }

  /** SRAM bytes the fullest chip of a {@code chips} group holds for one layer. */
  public long perChipBytes(int chips) {
    long kv = ceilDiv(layerKv(), chips);
    if (!shape.isMixtureOfExperts()) {
      return ceilDiv(layerWeights(), chips) + kv;
    }
    return ceilDiv(sharedWeights(), chips)
        + expertsPerChip(chips) * ceilDiv(expertWeights(), expertSplit(chips))
        + kv;
  }

  /**
   * Weight bytes one chip of a {@code chips} group must stream through its matrix unit per token
   * in the worst case the static schedule must allow for. Dense: its whole share. Mixture of
   * experts: its attention share plus the routed experts it may hold; the router's choice is
   * known only at run time, so the schedule reserves the case where the active experts land on
   * the same chip as far as that chip holds them.
   */
  public long perChipStreamedWeights(int chips) {
    if (!shape.isMixtureOfExperts()) {
      return ceilDiv(layerWeights(), chips);
    }
    int worstActive = Math.min(shape.activeExperts(), expertsPerChip(chips));
    return ceilDiv(sharedWeights(), chips)
        + worstActive * ceilDiv(expertWeights(), expertSplit(chips));
  }

  static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
