package io.infer4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.infer4j.FinishReason;
import io.infer4j.InferenceRequest;
import io.infer4j.ResponseFormat;
import io.infer4j.StructuredOutputException;
import io.infer4j.ToolCall;
import io.infer4j.ToolChoice;
import io.infer4j.ToolDefinition;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a finished answer against what the request asked for, the same for every backend: each
 * tool call names an offered tool and its arguments are valid against that tool's schema; the
 * tool choice was honoured; a JSON answer is JSON (an object for {@link
 * ResponseFormat.Kind#JSON_OBJECT}) and valid against its schema. Stateless. Not API.
 */
public final class OutputCheck {

  private OutputCheck() {}

  /**
   * @param text the answer's text
   * @param calls the tool calls the backend reported
   * @param finish why the answer ended
   * @throws StructuredOutputException at the first problem, saying what and where
   */
  public static void check(InferenceRequest request, String text, List<ToolCall> calls, FinishReason finish) {
    boolean complete = finish != FinishReason.LENGTH && finish != FinishReason.CONTEXT_LENGTH
        && finish != FinishReason.CONTENT_FILTER && finish != FinishReason.INCOMPLETE;
    String cut = complete ? "" : " (the answer ended with " + finish + " before it was complete)";
    try {
      checkToolCalls(request, text, calls, complete);
      checkJson(request, text, calls);
    } catch (StructuredOutputException e) {
      if (complete) {
        throw e;
      }
      throw new StructuredOutputException(e.target(), e.location(), e.problem() + cut, e.output(), e);
    }
  }

  private static void checkToolCalls(
      InferenceRequest request, String text, List<ToolCall> calls, boolean complete) {
    Set<String> ids = new HashSet<>();
    for (ToolCall call : calls) {
      String target = "tool_calls[" + call.id() + "] (" + call.name() + ")";
      if (!ids.add(call.id())) {
        throw new StructuredOutputException(target, "$", "two calls have the id '" + call.id() + "'",
            call.arguments());
      }
      ToolDefinition tool = request.tool(call.name()).orElseThrow(() -> new StructuredOutputException(
          target, "$", "the request offers no tool named '" + call.name() + "'; offered: "
              + request.tools().stream().map(ToolDefinition::name).collect(Collectors.toList()),
          call.arguments()));
      JsonSchemaCheck.validate(call.arguments(), tool.parameters(), target + ".arguments");
    }
    ToolChoice choice = request.toolChoice();
    if (complete && choice.mode() == ToolChoice.Mode.REQUIRED && calls.isEmpty()) {
      throw new StructuredOutputException("tool_calls", "$",
          "tool choice REQUIRED, and the model called no tool", text);
    }
    if (choice.mode() == ToolChoice.Mode.NAMED) {
      for (ToolCall call : calls) {
        if (!call.name().equals(choice.toolName())) {
          throw new StructuredOutputException("tool_calls[" + call.id() + "] (" + call.name() + ")",
              "$", "tool choice named '" + choice.toolName() + "', and the model called '"
                  + call.name() + "'", call.arguments());
        }
      }
      if (complete && calls.isEmpty()) {
        throw new StructuredOutputException("tool_calls", "$",
            "tool choice named '" + choice.toolName() + "', and the model called no tool", text);
      }
    }
    if (choice.mode() == ToolChoice.Mode.NONE && !calls.isEmpty()) {
      throw new StructuredOutputException("tool_calls", "$",
          "tool choice NONE, and the model called " + calls.size() + " tool(s)", text);
    }
  }

  private static void checkJson(InferenceRequest request, String text, List<ToolCall> calls) {
    ResponseFormat format = request.responseFormat();
    if (!format.isJson() || !calls.isEmpty()) {
      return; // an answer that calls tools has no text to check
    }
    if (format.kind() == ResponseFormat.Kind.JSON_SCHEMA) {
      JsonSchemaCheck.validate(text, format.schema(), "response");
      return;
    }
    JsonNode node = Json.tree(text, "response");
    if (!node.isObject()) {
      throw new StructuredOutputException("response", "$",
          "expected a JSON object, got " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT), text);
    }
  }

}
