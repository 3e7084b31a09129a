package io.infer4j.lpu.internal;

import java.util.List;

/**
 * Where the compiler put a model: pipeline stages of decoder layers, each on a tensor-parallel
 * group, then the output head on its own chips or sharing the last stage's chip. Immutable.
 *
 * @param chips chips of the system
 * @param stages the decoder-layer stages, in layer order
 * @param headChips chips holding the output head (0 when it shares the last stage's chip)
 * @param weightsBytes weight bytes of the whole model
 * @param kvBytes KV-cache bytes reserved
 * @param fullestChipBytes bytes on the fullest chip
 */
public record Placement(
    int chips,
    List<Stage> stages,
    int headChips,
    long weightsBytes,
    long kvBytes,
    long fullestChipBytes) {

  public Placement {
    stages = List.copyOf(stages);
  }

  /** Weights plus KV cache, over all chips. */
  public long sramBytesUsed() {
    return weightsBytes + kvBytes;
  }

  /** Chips that hold something. */
  public int chipsUsed() {
    return stages.stream().mapToInt(Stage::chips).sum() + headChips;
  }

  /** Largest tensor-parallel group among the stages. */
  public int tensorParallel() {
    return stages.stream().mapToInt(Stage::chips).max().orElse(1);
  }

  /** Whether the output head shares the last stage's chip. */
  public boolean headShared() {
    return headChips == 0;
  }
}
