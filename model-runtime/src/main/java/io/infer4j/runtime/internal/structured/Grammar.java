package io.infer4j.runtime.internal.structured;

import java.util.Arrays;

/**
 * A context-free grammar over bytes, compiled flat as llama.cpp's GBNF grammars are: each rule is
 * a list of alternatives, each alternative a sequence of symbols ending with {@link #END}; a
 * symbol is a terminal (a {@link ByteSet}, one byte) or a reference to a rule. A document matches
 * when the bytes spell the root rule. No rule may be left-recursive (the builders here never make
 * one). Immutable and thread-safe; build one with {@link GrammarBuilder}.
 *
 * <p>{@link #minRest} gives, for each position of the code, the fewest bytes that finish the
 * alternative from there; {@link GrammarMatcher} adds them up along a stack to know how far a
 * state is from a complete document.
 */
final class Grammar {
  /** Ends an alternative. */
  static final int END = -1;

  // code[i] >= 0: reference to rule code[i]; END; code[i] <= -2: terminal sets[-2 - code[i]]
  private final int[] code;
  private final ByteSet[] sets;
  private final int[][] alternatives; // (rule, alternative) -> start offset in code
  private final int root;
  private final int[] minRest; // (code length) bytes to END from each position

  Grammar(int[] code, ByteSet[] sets, int[][] alternatives, int root) {
    this.code = code;
    this.sets = sets;
    this.alternatives = alternatives;
    this.root = root;
    this.minRest = minRest(code, alternatives);
  }

  int root() {
    return root;
  }

  /** The symbol at {@code pos}: a rule id, {@link #END}, or a terminal (see {@link #isTerminal}). */
  int symbol(int pos) {
    return code[pos];
  }

  static boolean isTerminal(int symbol) {
    return symbol <= -2;
  }

  /** Whether the terminal at {@code pos} matches byte {@code b}. */
  boolean matches(int pos, int b) {
    return sets[-2 - code[pos]].contains(b);
  }

  /** Adds the bytes the terminal at {@code pos} matches to the four words {@code into}. */
  void addBytes(int pos, long[] into) {
    sets[-2 - code[pos]].addTo(into);
  }

  /** The start offsets of rule {@code rule}'s alternatives. */
  int[] alternatives(int rule) {
    return alternatives[rule];
  }

  /** The fewest bytes that finish the alternative from {@code pos}; saturates at MAX_VALUE / 4. */
  int minRest(int pos) {
    return minRest[pos];
  }

  int rules() {
    return alternatives.length;
  }

  /** The shortest length of every rule, by fixed point (a recursive rule has a base case). */
  private static int[] minRest(int[] code, int[][] alternatives) {
    int infinite = Integer.MAX_VALUE / 4;
    int[] ruleMin = new int[alternatives.length];
    Arrays.fill(ruleMin, infinite);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int r = 0; r < alternatives.length; r++) {
        for (int start : alternatives[r]) {
          int len = sequenceLength(code, start, ruleMin, infinite);
          if (len < ruleMin[r]) {
            ruleMin[r] = len;
            changed = true;
          }
        }
      }
    }
    int[] rest = new int[code.length];
    for (int i = code.length - 1; i >= 0; i--) {
      int s = code[i];
      rest[i] = s == END ? 0 : Math.min(infinite, (s >= 0 ? ruleMin[s] : 1) + rest[i + 1]);
    }
    return rest;
  }

  private static int sequenceLength(int[] code, int start, int[] ruleMin, int infinite) {
    long len = 0;
    for (int i = start; code[i] != END; i++) {
      len += code[i] >= 0 ? ruleMin[code[i]] : 1;
    }
    return (int) Math.min(infinite, len);
  }
}
