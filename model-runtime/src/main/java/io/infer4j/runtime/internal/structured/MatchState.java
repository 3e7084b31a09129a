package io.infer4j.runtime.internal.structured;

import java.util.Arrays;

/**
 * Where a document being matched stands: the parse stacks still alive, each with a terminal on
 * top (the next byte must match one of them), and whether the document could end here. The state
 * of a prefix is what the bytes so far leave; the empty set of stacks with {@code accepting} false
 * is {@link #DEAD} (no valid document starts so). Interned by a {@link GrammarMatcher}, which
 * also memoises its transitions here (a lazily built DFA over the pushdown automaton).
 *
 * <p>Not thread-safe: belongs to one matcher.
 */
final class MatchState {
  /** The state of a prefix no valid document has. */
  static final MatchState DEAD = new MatchState(new StackNode[0], false, -1, new long[4]);

  private static final int SMALL = 8;

  final StackNode[] stacks; // sorted by id
  final boolean accepting;
  final int id;
  /** Fewest bytes to an accepting state (0 when accepting). */
  final int distance;
  /** The bytes some stack can read next: (4) a bit per byte value. */
  private final long[] readable;

  // transition memo: a few (byte, state) pairs in small arrays, then a full 256-entry table
  private byte[] keys;
  private MatchState[] targets;
  private int size;
  private MatchState[] table;

  MatchState(StackNode[] stacks, boolean accepting, int id, long[] readable) {
    this.stacks = stacks;
    this.readable = readable;
    this.accepting = accepting;
    this.id = id;
    int d = accepting ? 0 : Integer.MAX_VALUE;
    for (StackNode s : stacks) {
      d = Math.min(d, s.distance);
    }
    this.distance = d;
  }

  /** Whether the document is complete and nothing may follow it. */
  boolean complete() {
    return accepting && stacks.length == 0;
  }

  /** Whether some stack can read byte {@code b} (else the state after it is dead). */
  boolean canRead(int b) {
    return (readable[b >>> 6] & (1L << b)) != 0;
  }

  boolean dead() {
    return this == DEAD;
  }

  /** The memoised state after byte {@code b}, or {@code null} if not known yet. */
  MatchState cached(int b) {
    if (table != null) {
      return table[b];
    }
    for (int i = 0; i < size; i++) {
      if ((keys[i] & 0xFF) == b) {
        return targets[i];
      }
    }
    return null;
  }

  void remember(int b, MatchState next) {
    if (table != null) {
      table[b] = next;
      return;
    }
    if (keys == null) {
      keys = new byte[SMALL];
      targets = new MatchState[SMALL];
    }
    if (size < SMALL) {
      keys[size] = (byte) b;
      targets[size++] = next;
      return;
    }
    table = new MatchState[256];
    for (int i = 0; i < size; i++) {
      table[keys[i] & 0xFF] = targets[i];
    }
    table[b] = next;
    keys = null;
    targets = null;
  }

  /** Drops the memoised transitions (when the matcher's tables are reset). */
  void forget() {
    keys = null;
    targets = null;
    table = null;
    size = 0;
  }

  @Override
  public String toString() {
    return "MatchState[" + id + ", stacks " + Arrays.stream(stacks).mapToInt(n -> n.pos)
        .boxed().toList() + (accepting ? ", accepting" : "") + ", distance " + distance + "]";
  }
}
