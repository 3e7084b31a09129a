package io.infer4j.runtime.internal.structured;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The vocabulary's tokens as a trie over the bytes they decode to, flattened in depth-first order:
 * node 0 is the root (the empty prefix); a node's children are sorted by byte; the tokens whose
 * bytes end at a node are listed with it. A mask walks it once per state, so a prefix shared by
 * many tokens ({@code "the"} of {@code " the"}, {@code " then"}, {@code " there"}...) is checked
 * once. Tokens that decode to no bytes are left out. Immutable and thread-safe.
 */
final class VocabularyTrie {
  private final int[] childStart; // (nodes + 1) children of n are childStart[n]..childStart[n+1]
  private final byte[] childByte; // (nodes - 1) the byte on the edge
  private final int[] childNode; // (nodes - 1) the child it leads to
  private final int[] tokenStart; // (nodes + 1) tokens of n are tokenStart[n]..tokenStart[n+1]
  private final int[] tokens; // token ids, grouped by node
  private final int maxDepth;

  private VocabularyTrie(
      int[] childStart, byte[] childByte, int[] childNode, int[] tokenStart, int[] tokens,
      int maxDepth) {
    this.childStart = childStart;
    this.childByte = childByte;
    this.childNode = childNode;
    this.tokenStart = tokenStart;
    this.tokens = tokens;
    this.maxDepth = maxDepth;
  }

  /** The trie of {@code bytes[id]} for every id whose bytes are not empty. */
  static VocabularyTrie of(byte[][] bytes) {
    Builder root = new Builder();
    int maxDepth = 0;
    for (int id = 0; id < bytes.length; id++) {
      byte[] b = bytes[id];
      if (b.length == 0) {
        continue;
      }
      Builder n = root;
      for (byte x : b) {
        n = n.child(x);
      }
      n.tokens.add(id);
      maxDepth = Math.max(maxDepth, b.length);
    }
    List<Builder> order = new ArrayList<>();
    root.number(order);
    int nodes = order.size();
    int[] childStart = new int[nodes + 1];
    byte[] childByte = new byte[Math.max(0, nodes - 1)];
    int[] childNode = new int[Math.max(0, nodes - 1)];
    int[] tokenStart = new int[nodes + 1];
    int tokenCount = 0;
    for (Builder n : order) {
      tokenCount += n.tokens.size();
    }
    int[] tokens = new int[tokenCount];
    int edge = 0;
    int tok = 0;
    for (int i = 0; i < nodes; i++) {
      Builder n = order.get(i);
      childStart[i] = edge;
      tokenStart[i] = tok;
      for (Builder c : n.sortedChildren()) {
        childByte[edge] = c.edge;
        childNode[edge++] = c.index;
      }
      for (int id : n.tokens) {
        tokens[tok++] = id;
      }
    }
    childStart[nodes] = edge;
    tokenStart[nodes] = tok;
    return new VocabularyTrie(childStart, childByte, childNode, tokenStart, tokens, maxDepth);
  }

  int nodeCount() {
    return childStart.length - 1;
  }

  int firstChild(int node) {
    return childStart[node];
  }

  int endChild(int node) {
    return childStart[node + 1];
  }

  /** The byte (0..255) on edge {@code edge}. */
  int edgeByte(int edge) {
    return childByte[edge] & 0xFF;
  }

  int edgeTarget(int edge) {
    return childNode[edge];
  }

  int firstToken(int node) {
    return tokenStart[node];
  }

  int endToken(int node) {
    return tokenStart[node + 1];
  }

  int token(int index) {
    return tokens[index];
  }

  /** The longest token, in bytes. */
  int maxDepth() {
    return maxDepth;
  }

  /** A node while building: children in a small sorted list. */
  private static final class Builder {
    byte edge;
    int index;
    final List<Integer> tokens = new ArrayList<>(1);
    Builder[] children = new Builder[0];

    Builder child(byte b) {
      int lo = 0;
      int hi = children.length - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        int c = Integer.compare(children[mid].edge & 0xFF, b & 0xFF);
        if (c == 0) {
          return children[mid];
        }
        if (c < 0) {
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      Builder n = new Builder();
      n.edge = b;
      Builder[] grown = Arrays.copyOf(children, children.length + 1);
      System.arraycopy(grown, lo, grown, lo + 1, children.length - lo);
      grown[lo] = n;
      children = grown;
      return n;
    }

    Builder[] sortedChildren() {
      return children;
    }

    /** Numbers the subtree depth-first (iteratively: tokens can be hundreds of bytes long). */
    void number(List<Builder> order) {
      java.util.ArrayDeque<Builder> stack = new java.util.ArrayDeque<>();
      stack.push(this);
      while (!stack.isEmpty()) {
        Builder n = stack.pop();
        n.index = order.size();
        order.add(n);
        for (int i = n.children.length - 1; i >= 0; i--) {
          stack.push(n.children[i]);
        }
      }
    }
  }
}
