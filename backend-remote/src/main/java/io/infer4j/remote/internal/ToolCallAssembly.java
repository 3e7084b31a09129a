package io.infer4j.remote.internal;

import io.infer4j.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins the pieces of an answer's tool calls by index: the id and name a call's first piece
 * brings (a server that repeats them in later pieces changes nothing), and the arguments'
 * fragments in the order they came. The arguments are passed on as the model wrote them, valid
 * JSON or not: the client checks them against the tool's schema. Used by one consumer thread.
 */
final class ToolCallAssembly {

  private final Map<Integer, Builder> calls = new TreeMap<>();

  void add(ToolCallPart part) {
    Builder b = calls.computeIfAbsent(part.index(), i -> new Builder());
    if (b.id == null && part.id() != null && !part.id().isBlank()) {
      b.id = part.id();
    }
    if (b.name == null && part.name() != null && !part.name().isBlank()) {
      b.name = part.name();
    }
    if (part.arguments() != null) {
      b.arguments.append(part.arguments());
    }
  }

  boolean isEmpty() {
    return calls.isEmpty();
  }

  /** Forgets the pieces so far (a failed attempt's, before a retry). */
  void clear() {
    calls.clear();
  }

  /**
   * The calls, in index order; a call whose id never came gets {@code call_<index>}.
   *
   * @throws IllegalStateException when a call has no name: see {@link #firstNameless()}
   */
  List<ToolCall> calls() {
    List<ToolCall> out = new ArrayList<>(calls.size());
    for (Map.Entry<Integer, Builder> e : calls.entrySet()) {
      Builder b = e.getValue();
      if (b.name == null) {
        throw new IllegalStateException("tool call " + e.getKey() + " has no name");
      }
      out.add(new ToolCall(b.id != null ? b.id : "call_" + e.getKey(), b.name, b.arguments.toString()));
    }
    return out;
  }

  /** The index of the first call without a name, or -1. */
  int firstNameless() {
    for (Map.Entry<Integer, Builder> e : calls.entrySet()) {
      if (e.getValue().name == null) {
        return e.getKey();
      }
    }
    return -1;
  }

  private static final class Builder {
    String id;
    String name;
    final StringBuilder arguments = new StringBuilder();
  }
}
