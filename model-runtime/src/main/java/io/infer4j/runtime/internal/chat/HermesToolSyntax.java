package io.infer4j.runtime.internal.chat;

import io.infer4j.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Hermes-style tool calling (Qwen2.5, Qwen3 and other ChatML models): each call is {@code
 * <tool_call>\n{"name": ..., "arguments": {...}}\n</tool_call>}. Text before the first {@code
 * <tool_call>} streams as content (a tail that could be the start of the marker is held back);
 * from the marker on, the answer is held and read as calls at the end.
 */
final class HermesToolSyntax implements ToolSyntax {
  static final String OPEN = "<tool_call>";
  static final String CLOSE = "</tool_call>";
  private static final String[] KEYS = {"arguments", "parameters"};

  @Override
  public String argumentsKey() {
    return "arguments";
  }

  @Override
  public String callPrefix() {
    return OPEN + "\n";
  }

  @Override
  public String callSuffix() {
    return "\n" + CLOSE;
  }

  @Override
  public ToolCallReader reader(int firstCallNumber) {
    return new ToolCallReader() {
      private final StringBuilder held = new StringBuilder();
      private boolean calling;

      @Override
      public String accept(String text) {
        held.append(text);
        if (calling) {
          return "";
        }
        int at = held.indexOf(OPEN);
        if (at >= 0) {
          calling = true;
          String out = held.substring(0, at);
          held.delete(0, at);
          return out;
        }
        int keep = markerStart(held);
        String out = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return out;
      }

      @Override
      public Result finish() {
        String text = held.toString();
        if (calling) {
          List<ToolCall> calls = parse(text, firstCallNumber);
          if (!calls.isEmpty()) {
            return new Result("", calls);
          }
        }
        return new Result(text, List.of());
      }
    };
  }

  /** The length of the longest tail of {@code s} that is a proper prefix of the marker. */
  private static int markerStart(CharSequence s) {
    for (int k = Math.min(OPEN.length() - 1, s.length()); k > 0; k--) {
      if (OPEN.startsWith(s.subSequence(s.length() - k, s.length()).toString())) {
        return k;
      }
    }
    return 0;
  }

  /** The calls of {@code text}, which starts with the marker; empty if any block is malformed. */
  static List<ToolCall> parse(String text, int firstNumber) {
    List<ToolCall> calls = new ArrayList<>();
    int at = 0;
    while (true) {
      int open = text.indexOf(OPEN, at);
      if (open < 0) {
        break;
      }
      if (!text.substring(at, open).isBlank()) {
        return List.of(); // text between calls: not a well-formed answer of calls
      }
      int[] end = new int[1];
      ToolCall c = ToolCallJson.read(
          text, open + OPEN.length(), KEYS, "call_" + (firstNumber + calls.size()), end);
      if (c == null) {
        return List.of();
      }
      int close = text.indexOf(CLOSE, end[0]);
      if (close < 0 || !text.substring(end[0], close).isBlank()) {
        return List.of();
      }
      calls.add(c);
      at = close + CLOSE.length();
    }
    return text.substring(at).isBlank() ? calls : List.of();
  }
}
