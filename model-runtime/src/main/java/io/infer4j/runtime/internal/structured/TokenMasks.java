package io.infer4j.runtime.internal.structured;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which tokens may come next in a {@link MatchState}: those whose bytes keep the text a prefix of
 * a valid document, plus the end tokens (EOS, end of turn) where the document could end. Masks
 * are bit sets over the model's logits (bit {@code id} set = allowed).
 *
 * <ul>
 *   <li>{@link #reference} checks every token on its own, byte by byte: the plain definition.
 *   <li>{@link #allowed} walks the {@link VocabularyTrie} depth-first carrying the state, so a
 *       prefix shared by many tokens is matched once and a dead prefix prunes its whole subtree;
 *       transitions come from the matcher's memo. Masks are cached per state (LRU, bounded to
 *       about {@value #CACHE_BYTES} bytes), since states recur (inside a string, after each
 *       array item).
 *   <li>{@link #allowedWithin} steers towards the end when the token budget runs short: it keeps
 *       the tokens after which the document can still be completed with the tokens left,
 *       counting one token per byte (so exact where every byte is a token, as with byte-fallback
 *       SentencePiece and byte-level BPE vocabularies); when none qualifies, those that come
 *       closest.
 * </ul>
 *
 * Not thread-safe: one per generation, like its matcher.
 */
final class TokenMasks {
  static final long CACHE_BYTES = 32L << 20;
  private static final int MAX_CACHED = 4096;

  private final GrammarMatcher matcher;
  private final TokenBytes vocabulary;
  private final int size; // logits per step (may exceed the tokenizer's vocabulary)
  private final int[] endTokens;
  private final boolean[] banned; // never content: BOS, EOS, end-of-turn tokens
  private final Map<MatchState, Mask> cache;

  /**
   * @param size the number of logits (tokens past the vocabulary are never allowed)
   * @param endTokens the tokens that end the answer, allowed where the document may end
   * @param banned tokens never allowed as content (every stop token, BOS included)
   */
  TokenMasks(GrammarMatcher matcher, TokenBytes vocabulary, int size, int[] endTokens, int[] banned) {
    this.matcher = matcher;
    this.vocabulary = vocabulary;
    this.size = size;
    this.endTokens = endTokens.clone();
    this.banned = new boolean[size];
    for (int id : banned) {
      if (id >= 0 && id < size) {
        this.banned[id] = true;
      }
    }
    for (int id : endTokens) {
      if (id >= 0 && id < size) {
        this.banned[id] = true;
      }
    }
    int words = (size + 63) / 64;
    int limit = (int) Math.max(16, Math.min(MAX_CACHED, CACHE_BYTES / (8L * words)));
    this.cache = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<MatchState, Mask> eldest) {
        return size() > limit;
      }
    };
  }

  /**
   * The tokens allowed after {@code previous} in {@code state}, by running each token's bytes
   * through the grammar on its own, without the trie or the transition memo.
   */
  long[] reference(MatchState state, int previous) {
    long[] bits = new long[(size + 63) / 64];
    int vocab = Math.min(size, vocabulary.size());
    for (int id = 0; id < vocab; id++) {
      if (banned[id]) {
        continue;
      }
      byte[] b = vocabulary.bytes(previous, id);
      MatchState s = b.length == 0 ? MatchState.DEAD : state;
      for (int i = 0; i < b.length && !s.dead(); i++) {
        s = matcher.nextUncached(s, b[i] & 0xFF);
      }
      if (!s.dead()) {
        bits[id >>> 6] |= 1L << id;
      }
    }
    addEnds(state, bits);
    return bits;
  }

  /** The tokens allowed after {@code previous} in {@code state}: the trie walk, cached. */
  long[] allowed(MatchState state, int previous) {
    return mask(state, previous).bits;
  }

  /** As {@link #allowed}, by a fresh walk (the per-state cache neither read nor filled). */
  long[] walk(MatchState state, int previous) {
    return walk(state, previous, Integer.MAX_VALUE).bits;
  }

  /**
   * The allowed tokens after which the document can still be completed within {@code remaining
   * - 1} more tokens (one byte each); if none, those allowed tokens that leave the least to write.
   *
   * @param remaining tokens that may still be generated, this one included ({@code >= 1})
   */
  long[] allowedWithin(MatchState state, int previous, int remaining) {
    Mask m = mask(state, previous);
    int limit = Math.max(remaining - 1, m.minDistance);
    if (limit >= m.maxDistance) {
      return m.bits;
    }
    return walk(state, previous, limit).bits;
  }

  private Mask mask(MatchState state, int previous) {
    if (vocabulary.trie(previous) != vocabulary.trie(-1)) {
      return walk(state, previous, Integer.MAX_VALUE); // after BOS: once per answer at most
    }
    Mask m = cache.get(state);
    if (m == null) {
      m = walk(state, previous, Integer.MAX_VALUE);
      cache.put(state, m);
    }
    return m;
  }

  /** The trie walk: tokens whose state after them is alive and within {@code limit} of the end. */
  private Mask walk(MatchState state, int previous, int limit) {
    VocabularyTrie trie = vocabulary.trie(previous);
    long[] bits = new long[(size + 63) / 64];
    int minDistance = Integer.MAX_VALUE;
    int maxDistance = 0;
    int[] nodes = new int[64];
    MatchState[] states = new MatchState[64];
    int top = 0;
    nodes[top] = 0;
    states[top++] = state;
    while (top > 0) {
      int node = nodes[--top];
      MatchState at = states[top];
      states[top] = null;
      for (int e = trie.firstChild(node); e < trie.endChild(node); e++) {
        MatchState next = matcher.next(at, trie.edgeByte(e));
        if (next.dead()) {
          continue; // no token below this prefix fits
        }
        int child = trie.edgeTarget(e);
        for (int t = trie.firstToken(child); t < trie.endToken(child); t++) {
          int id = trie.token(t);
          if (id >= size || banned[id]) {
            continue;
          }
          minDistance = Math.min(minDistance, next.distance);
          maxDistance = Math.max(maxDistance, next.distance);
          if (next.distance <= limit) {
            bits[id >>> 6] |= 1L << id;
          }
        }
        if (trie.firstChild(child) < trie.endChild(child)) {
          if (top == nodes.length) {
            nodes = java.util.Arrays.copyOf(nodes, top * 2);
            states = java.util.Arrays.copyOf(states, top * 2);
          }
          nodes[top] = child;
          states[top++] = next;
        }
      }
    }
    addEnds(state, bits);
    if (state.accepting) {
      minDistance = 0;
    }
    return new Mask(bits, minDistance == Integer.MAX_VALUE ? 0 : minDistance, maxDistance);
  }

  private void addEnds(MatchState state, long[] bits) {
    if (state.accepting) {
      for (int id : endTokens) {
        if (id >= 0 && id < size) {
          bits[id >>> 6] |= 1L << id;
        }
      }
    }
  }

  /** Whether no token is allowed. */
  static boolean isEmpty(long[] bits) {
    for (long w : bits) {
      if (w != 0) {
        return false;
      }
    }
    return true;
  }

  /** Sets the logits of the tokens {@code bits} leaves out to negative infinity. */
  static void apply(long[] bits, float[] logits) {
    for (int w = 0; w < bits.length; w++) {
      if (bits[w] == 0) { // most words of a narrow mask: a plain fill, which the JIT vectorises
        int from = w << 6;
        java.util.Arrays.fill(logits, from, Math.min(from + 64, logits.length),
            Float.NEGATIVE_INFINITY);
        continue;
      }
      long off = ~bits[w];
      while (off != 0) {
        int id = (w << 6) + Long.numberOfTrailingZeros(off);
        if (id >= logits.length) {
          break;
        }
        logits[id] = Float.NEGATIVE_INFINITY;
        off &= off - 1;
      }
    }
    for (int id = bits.length * 64; id < logits.length; id++) {
      logits[id] = Float.NEGATIVE_INFINITY;
    }
  }

  /** A cached mask and how far from the end its tokens leave the document. */
  private record Mask(long[] bits, int minDistance, int maxDistance) {}
}
