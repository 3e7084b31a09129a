package io.infer4j.lpu.internal;

/**
 * One pipeline stage: consecutive decoder layers held by one tensor-parallel group of chips.
 *
 * @param firstLayer index of the stage's first layer
 * @param layerCount layers in the stage
 * @param chips chips of the group (1 = no tensor parallelism)
 */
public record Stage(int firstLayer, int layerCount, int chips) {

  public Stage {
    if (firstLayer < 0 || layerCount < 1 || chips < 1) {
      throw new IllegalArgumentException(
          "invalid stage: first " + firstLayer + ", layers " + layerCount + ", chips " + chips);
    }
  }
}
