package io.infer4j.runtime.internal.structured;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a {@link Grammar} over bytes as llama.cpp's grammar engine does (a set of parse stacks,
 * each with a terminal on top, advanced together), with two differences: stacks are hash-consed
 * so that a whole state can be interned, and every transition is memoised in the state it leaves
 * (a DFA built lazily over the pushdown automaton). Inside a string, for instance, every ordinary
 * character leads back to the same state, so walking a vocabulary trie from it is one table
 * look-up per trie edge.
 *
 * <p>Memory is bounded: past {@value #MAX_STATES} states or {@value #MAX_NODES} stack nodes the
 * tables are dropped and rebuilt as needed (states already handed out stay valid; equal states
 * made after the reset are new objects, which only costs cache hits). Not thread-safe: one
 * matcher per generation.
 */
final class GrammarMatcher {
  static final int MAX_STATES = 1 << 16;
  static final int MAX_NODES = 1 << 20;
  private static final int MAX_EXPANSION_DEPTH = 10_000;
  private static final int FAR = Integer.MAX_VALUE / 4;

  private final Grammar grammar;
  private Map<Long, StackNode> nodes = new HashMap<>();
  private Map<StateKey, MatchState> states = new HashMap<>();
  private int nextNodeId;
  private int nextStateId;
  private final MatchState start;

  GrammarMatcher(Grammar grammar) {
    this.grammar = grammar;
    Closure c = new Closure();
    for (int alt : grammar.alternatives(grammar.root())) {
      expand(alt, null, c, 0);
    }
    this.start = c.state();
  }

  Grammar grammar() {
    return grammar;
  }

  /** The state before any byte. */
  MatchState start() {
    return start;
  }

  /** The state after byte {@code b} (0..255) in state {@code s}; {@link MatchState#DEAD} if none. */
  MatchState next(MatchState s, int b) {
    if (!s.canRead(b)) {
      return MatchState.DEAD; // no terminal on top takes b: no closure, no memo entry
    }
    MatchState known = s.cached(b);
    if (known != null) {
      return known;
    }
    if (states.size() > MAX_STATES || nodes.size() > MAX_NODES) {
      reset();
    }
    Closure c = new Closure();
    for (StackNode top : s.stacks) {
      if (grammar.matches(top.pos, b)) {
        expand(top.pos + 1, top.below, c, 0);
      }
    }
    MatchState next = c.state();
    s.remember(b, next);
    return next;
  }

  /**
   * As {@link #next}, computed from the stacks without the memo (nor filling it): the reference
   * the memoised walk is tested against.
   */
  MatchState nextUncached(MatchState s, int b) {
    if (s.dead()) {
      return s;
    }
    Closure c = new Closure();
    for (StackNode top : s.stacks) {
      if (grammar.matches(top.pos, b)) {
        expand(top.pos + 1, top.below, c, 0);
      }
    }
    return c.state();
  }

  /** The state after all of {@code bytes}; {@link MatchState#DEAD} as soon as one does not fit. */
  MatchState advance(MatchState s, byte[] bytes) {
    for (int i = 0; i < bytes.length && !s.dead(); i++) {
      s = next(s, bytes[i] & 0xFF);
    }
    return s;
  }

  /** States interned now (for tests and figures). */
  int stateCount() {
    return states.size();
  }

  private void reset() {
    for (MatchState m : states.values()) {
      m.forget();
    }
    states = new HashMap<>();
    nodes = new HashMap<>();
  }

  /**
   * Adds to {@code c} the stacks with a terminal on top that continuing at {@code pos} (above
   * {@code below}) reaches without reading a byte: rule references are entered, ended
   * alternatives return to the frame below, and returning from the bottom marks the document
   * complete. A reference in tail position returns straight to {@code below}, so right recursion
   * does not deepen the stack.
   */
  private void expand(int pos, StackNode below, Closure c, int depth) {
    if (depth > MAX_EXPANSION_DEPTH) {
      throw new IllegalStateException("grammar expansion too deep (a left-recursive rule?)");
    }
    if (!c.visited.add(key(pos, below))) {
      return;
    }
    int symbol = grammar.symbol(pos);
    if (symbol == Grammar.END) {
      if (below == null) {
        c.accepting = true;
      } else {
        expand(below.pos, below.below, c, depth + 1);
      }
    } else if (Grammar.isTerminal(symbol)) {
      c.stacks.add(node(pos, below));
    } else {
      StackNode back = grammar.symbol(pos + 1) == Grammar.END ? below : node(pos + 1, below);
      for (int alt : grammar.alternatives(symbol)) {
        expand(alt, back, c, depth + 1);
      }
    }
  }

  private StackNode node(int pos, StackNode below) {
    long key = key(pos, below);
    StackNode n = nodes.get(key);
    if (n == null) {
      int distance = (int) Math.min(FAR,
          (long) grammar.minRest(pos) + (below == null ? 0 : below.distance));
      n = new StackNode(pos, below, nextNodeId++, distance);
      nodes.put(key, n);
    }
    return n;
  }

  private static long key(int pos, StackNode below) {
    return ((long) pos << 32) | (below == null ? 0xFFFFFFFFL : below.id & 0xFFFFFFFFL);
  }

  /** What one expansion collects. */
  private final class Closure {
    final Set<Long> visited = new HashSet<>();
    final List<StackNode> stacks = new ArrayList<>();
    boolean accepting;

    MatchState state() {
      if (stacks.isEmpty() && !accepting) {
        return MatchState.DEAD;
      }
      StackNode[] sorted = stacks.toArray(new StackNode[0]);
      Arrays.sort(sorted, (a, b) -> Integer.compare(a.id, b.id));
      int[] ids = new int[sorted.length];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = sorted[i].id;
      }
      StateKey key = new StateKey(ids, accepting);
      MatchState s = states.get(key);
      if (s == null) {
        long[] readable = new long[4];
        for (StackNode n : sorted) {
          grammar.addBytes(n.pos, readable);
        }
        s = new MatchState(sorted, accepting, nextStateId++, readable);
        states.put(key, s);
      }
      return s;
    }
  }

  private record StateKey(int[] ids, boolean accepting) {
    @Override
    public boolean equals(Object o) {
      return o instanceof StateKey k && k.accepting == accepting && Arrays.equals(k.ids, ids);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(ids) * 2 + (accepting ? 1 : 0);
    }
  }
}
