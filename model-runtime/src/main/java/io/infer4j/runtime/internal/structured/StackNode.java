package io.infer4j.runtime.internal.structured;

/**
 * One frame of a parse stack and everything below it: the position in the grammar's code to match
 * next, and the frame to return to when its alternative ends ({@code null}: the bottom, where the
 * document ends). Hash-consed by {@link GrammarMatcher}, so while its tables last equal stacks are
 * one object; {@link #id} is unique for the matcher's lifetime. Immutable.
 */
final class StackNode {
  final int pos;
  final StackNode below;
  final int id;
  /** Fewest bytes from here to the end of the document. */
  final int distance;

  StackNode(int pos, StackNode below, int id, int distance) {
    this.pos = pos;
    this.below = below;
    this.id = id;
    this.distance = distance;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("[");
    for (StackNode n = this; n != null; n = n.below) {
      s.append(n.pos).append(n.below != null ? " " : "");
    }
    return s.append(']').toString();
  }
}
