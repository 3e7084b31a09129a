package io.infer4j.runtime.internal.structured;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Grammar}. A symbol is an int: a rule id ({@code >= 0}, from {@link #rule} or
 * {@link #declare}) or a terminal ({@code <= -2}, from {@link #terminal}). Sequences are int
 * arrays of symbols; the empty array is the empty sequence. Not thread-safe; one builder per
 * grammar.
 */
final class GrammarBuilder {
  private final List<ByteSet> sets = new ArrayList<>();
  private final Map<ByteSet, Integer> setIds = new HashMap<>();
  private final List<int[][]> rules = new ArrayList<>(); // null while declared only

  /** The terminal that matches one byte of {@code set}. */
  int terminal(ByteSet set) {
    if (set.isEmpty()) {
      throw new IllegalArgumentException("a terminal needs at least one byte");
    }
    Integer id = setIds.computeIfAbsent(set, s -> {
      sets.add(s);
      return sets.size() - 1;
    });
    return -2 - id;
  }

  /** The terminal of the one byte {@code b}. */
  int terminal(int b) {
    return terminal(ByteSet.of(b));
  }

  /** The sequence of terminals that spells {@code text} in UTF-8. */
  int[] literal(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int[] seq = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      seq[i] = terminal(bytes[i] & 0xFF);
    }
    return seq;
  }

  /** A rule to be defined later with {@link #define} (for recursion). */
  int declare() {
    rules.add(null);
    return rules.size() - 1;
  }

  /** Defines the declared rule {@code id} with its alternatives. */
  void define(int id, int[]... alternatives) {
    if (rules.get(id) != null) {
      throw new IllegalStateException("rule " + id + " is defined already");
    }
    if (alternatives.length == 0) {
      throw new IllegalArgumentException("a rule needs at least one alternative");
    }
    rules.set(id, alternatives.clone());
  }

  /** A new rule with these alternatives. */
  int rule(int[]... alternatives) {
    int id = declare();
    define(id, alternatives);
    return id;
  }

  /** A rule of one alternative: the concatenation of {@code parts}. */
  int sequence(int[]... parts) {
    return rule(concat(parts));
  }

  /** The concatenation of sequences. */
  static int[] concat(int[]... parts) {
    int n = 0;
    for (int[] p : parts) {
      n += p.length;
    }
    int[] out = new int[n];
    int at = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** The one-symbol sequence of {@code symbol}. */
  static int[] of(int... symbols) {
    return symbols.clone();
  }

  /** {@code symbol} or nothing. */
  int optional(int symbol) {
    return rule(of(symbol), of());
  }

  /**
   * {@code symbol} repeated {@code min} to {@code max} times ({@code max < 0}: unbounded); the
   * optional copies nest as {@code O_k ::= symbol O_(k-1) | ε}, so the stack of a match stays
   * shallow, and an unbounded tail is the right-recursive {@code R ::= symbol R | ε}.
   */
  int repeat(int symbol, int min, int max) {
    if (min < 0 || (max >= 0 && max < min)) {
      throw new IllegalArgumentException("bad repetition " + min + ".." + max);
    }
    int tail;
    if (max < 0) {
      tail = declare();
      define(tail, of(symbol, tail), of());
    } else {
      tail = rule(of());
      for (int k = 0; k < max - min; k++) {
        tail = rule(of(symbol, tail), of());
      }
    }
    int[] seq = new int[min + 1];
    java.util.Arrays.fill(seq, 0, min, symbol);
    seq[min] = tail;
    return rule(seq);
  }

  /**
   * {@code item (separator item){min-1, max-1}} when {@code min >= 1}; with {@code min == 0} the
   * whole list may also be empty.
   */
  int list(int item, int[] separator, int min, int max) {
    int next = sequence(separator, of(item));
    int more = repeat(next, Math.max(0, min - 1), max < 0 ? -1 : Math.max(0, max - 1));
    int nonEmpty = rule(of(item, more));
    return min == 0 ? rule(of(nonEmpty), of()) : nonEmpty;
  }

  /** The grammar with {@code root} as its start rule. */
  Grammar build(int root) {
    int size = 0;
    for (int r = 0; r < rules.size(); r++) {
      int[][] alts = rules.get(r);
      if (alts == null) {
        throw new IllegalStateException("rule " + r + " was declared and never defined");
      }
      for (int[] alt : alts) {
        size += alt.length + 1;
      }
    }
    int[] code = new int[size];
    int[][] starts = new int[rules.size()][];
    int at = 0;
    for (int r = 0; r < rules.size(); r++) {
      int[][] alts = rules.get(r);
      starts[r] = new int[alts.length];
      for (int a = 0; a < alts.length; a++) {
        starts[r][a] = at;
        System.arraycopy(alts[a], 0, code, at, alts[a].length);
        at += alts[a].length;
        code[at++] = Grammar.END;
      }
    }
    return new Grammar(code, sets.toArray(new ByteSet[0]), starts, root);
  }
}
