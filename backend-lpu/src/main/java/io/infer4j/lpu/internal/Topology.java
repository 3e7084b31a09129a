package io.infer4j.lpu.internal;

/**
 * How chips are connected: fully connected nodes of 8, racks of 72, a Dragonfly of racks, all
 * with the same C2C links. A view of {@link MachineConstants} in cycles and bytes per cycle.
 * Immutable.
 *
 * @param chipsPerNode chips in one fully connected node
 * @param chipsPerRack chips in one rack
 * @param maxChips chips in the largest system
 * @param hopCycles latency of one C2C hop, cycles
 * @param linkBytesPerCycle bandwidth of one link in one direction, bytes per cycle
 */
public record Topology(
    int chipsPerNode, int chipsPerRack, int maxChips, long hopCycles, double linkBytesPerCycle) {

  /** The published Groq system (GroqNode, GroqRack, Dragonfly). */
  public static final Topology GROQ =
      new Topology(
          MachineConstants.CHIPS_PER_NODE,
          MachineConstants.CHIPS_PER_RACK,
          MachineConstants.MAX_SYSTEM_CHIPS,
          Math.round(MachineConstants.C2C_HOP_LATENCY_SECONDS * MachineConstants.CLOCK_HZ),
          MachineConstants.C2C_LINK_BYTES_PER_SECOND / MachineConstants.CLOCK_HZ);

  /**
   * Levels of the hierarchy a group of {@code chips} consecutive chips spans, which is the number
   * of hops of each phase of a collective among them: 0 for one chip, 1 inside a node, 2 inside a
   * rack, 3 across racks.
   */
  public int levels(int chips) {
    if (chips <= 1) {
      return 0;
    }
    if (chips <= chipsPerNode) {
      return 1;
    }
    return chips <= chipsPerRack ? 2 : 3;
  }

  /** Hop latency, cycles, of one phase of a collective among {@code chips} chips. */
  public long collectiveHops(int chips) {
    return levels(chips) * hopCycles;
  }

  /**
   * Cycles to serialise one phase of a collective among {@code chips} chips in which each chip
   * sends its {@code 1/chips} share of {@code bytes} to each peer on its own link (links work in
   * parallel), once per level of the hierarchy.
   */
  public long shareCycles(int chips, long bytes) {
    int levels = Math.max(1, levels(chips));
    return levels * (long) Math.ceil(bytes / (double) Math.max(1, chips) / linkBytesPerCycle);
  }
}
