package io.infer4j.runtime.internal.chat;

import io.infer4j.runtime.ChatFormat;
import java.util.Optional;

/**
 * How a chat format's models write a tool call: the object {@code {"name": NAME, KEY: ARGUMENTS}}
 * between a prefix and a suffix, and how to read calls back from an answer.
 *
 * <ul>
 *   <li>Llama 3.1: the whole answer is {@code {"name": ..., "parameters": {...}}} (no markers);
 *   <li>ChatML (Qwen2.5/Qwen3, Hermes): {@code <tool_call>\n{"name": ..., "arguments": {...}}\n
 *       </tool_call>}, after any text, one block per call.
 * </ul>
 */
public interface ToolSyntax {

  /** The key of the arguments: {@code parameters} or {@code arguments}. */
  String argumentsKey();

  /** What precedes a call's JSON object. */
  String callPrefix();

  /** What follows it. */
  String callSuffix();

  /**
   * A reader for one answer.
   *
   * @param firstCallNumber the number of the first call's id ({@code call_<n>}), so that ids stay
   *     unique across a conversation
   */
  ToolCallReader reader(int firstCallNumber);

  /** The syntax of {@code format}, if it has tool calling (not Llama 2). */
  static Optional<ToolSyntax> of(ChatFormat format) {
    return switch (format) {
      case LLAMA3 -> Optional.of(new Llama3ToolSyntax());
      case CHATML -> Optional.of(new HermesToolSyntax());
      case LLAMA2 -> Optional.empty();
    };
  }
}
