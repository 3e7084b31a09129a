package io.infer4j.runtime.internal.chat;

import io.infer4j.ToolCall;
import java.util.List;

/**
 * Llama 3.1's JSON tool calling: the answer is one object {@code {"name": ..., "parameters":
 * {...}}} and nothing else ({@code "arguments"} is read too). An answer whose first non-blank
 * character is {@code {} is held until it ends, then read as a call; any other answer streams as
 * text.
 */
final class Llama3ToolSyntax implements ToolSyntax {
  private static final String[] KEYS = {"parameters", "arguments"};

  @Override
  public String argumentsKey() {
    return "parameters";
  }

  @Override
  public String callPrefix() {
    return "";
  }

  @Override
  public String callSuffix() {
    return "";
  }

  @Override
  public ToolCallReader reader(int firstCallNumber) {
    return new ToolCallReader() {
      private final StringBuilder held = new StringBuilder();
      private Boolean call; // null while only white space came

      @Override
      public String accept(String text) {
        if (call == null) {
          held.append(text);
          String start = held.toString().stripLeading();
          if (start.isEmpty()) {
            return "";
          }
          call = start.charAt(0) == '{';
          if (call) {
            return "";
          }
          String out = held.toString();
          held.setLength(0);
          return out;
        }
        if (call) {
          held.append(text);
          return "";
        }
        return text;
      }

      @Override
      public Result finish() {
        String text = held.toString();
        if (Boolean.TRUE.equals(call)) {
          int[] end = new int[1];
          ToolCall c = ToolCallJson.read(text, 0, KEYS, "call_" + firstCallNumber, end);
          if (c != null && text.substring(end[0]).isBlank()) {
            return new Result("", List.of(c));
          }
        }
        return new Result(text, List.of());
      }
    };
  }
}
