package io.infer4j.runtime.serving.internal;

import io.infer4j.ChatMessage;
import io.infer4j.InferenceRequest;
import io.infer4j.InvalidRequestException;
import io.infer4j.ResponseFormat;
import io.infer4j.ToolChoice;
import io.infer4j.ToolDefinition;
import io.infer4j.runtime.ChatTemplate;
import io.infer4j.runtime.internal.chat.ToolCallReader;
import io.infer4j.runtime.internal.chat.ToolSyntax;
import io.infer4j.runtime.internal.structured.OutputGrammar;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a request asks of the answer's form, and how to read it:
 *
 * <ul>
 *   <li>tool choice {@code REQUIRED} or {@code NAMED}: the answer is constrained to one call (of
 *       any offered tool, or of the named one) in the chat format's syntax, arguments valid
 *       against the tool's schema;
 *   <li>a JSON response format (otherwise): the answer is constrained to JSON valid against the
 *       schema, or any JSON object;
 *   <li>tools offered with choice {@code AUTO} (or {@code REQUIRED}/{@code NAMED}): the answer is
 *       read for calls in the format's syntax; with {@code NONE} it is plain text.
 * </ul>
 *
 * With {@code AUTO} and a JSON format, the answer is the JSON (a Llama 3.1 answer that is a call
 * object is still read as a call). Immutable.
 *
 * @param grammar the constraint, or empty for free text
 * @param toolSyntax how calls are written and read, or empty when the answer is not read for calls
 * @param firstCallNumber the number of the first call's id: calls already in the conversation
 */
public record AnswerShape(
    Optional<OutputGrammar> grammar, Optional<ToolSyntax> toolSyntax, int firstCallNumber) {

  /** Free text, no calls. */
  public static final AnswerShape TEXT = new AnswerShape(Optional.empty(), Optional.empty(), 0);

  /**
   * The shape of {@code request}'s answer.
   *
   * @param chat the chat template (asked only for a chat request with tools)
   * @throws InvalidRequestException naming {@code responseFormat.schema} or {@code
   *     tools[NAME].parameters} for a schema outside what constrained decoding supports, or
   *     {@code tools} when the chat format has no tool calling
   */
  public static AnswerShape of(InferenceRequest request, Supplier<ChatTemplate> chat) {
    ToolChoice choice = request.toolChoice();
    ResponseFormat format = request.responseFormat();
    Optional<OutputGrammar> json = switch (format.kind()) {
      case TEXT -> Optional.empty();
      case JSON_OBJECT -> Optional.of(OutputGrammar.jsonObject());
      case JSON_SCHEMA -> Optional.of(
          OutputGrammar.jsonSchema(format.schema(), "responseFormat.schema"));
    };
    if (request.tools().isEmpty() || choice.mode() == ToolChoice.Mode.NONE) {
      return new AnswerShape(json, Optional.empty(), 0);
    }
    ChatTemplate template = chat.get();
    ToolSyntax syntax = ToolSyntax.of(template.format()).orElseThrow(() ->
        new InvalidRequestException("tools", "the " + template.name()
            + " chat format has no tool calling; choose a llama3 or chatml template"));
    int first = (int) request.messages().stream()
        .map(ChatMessage::toolCalls).mapToLong(List::size).sum();
    Optional<OutputGrammar> grammar = json;
    if (choice.mode() == ToolChoice.Mode.REQUIRED || choice.mode() == ToolChoice.Mode.NAMED) {
      List<ToolDefinition> callable = choice.mode() == ToolChoice.Mode.NAMED
          ? List.of(request.tool(choice.toolName()).orElseThrow())
          : request.tools();
      grammar = Optional.of(OutputGrammar.toolCall(
          callable, syntax.argumentsKey(), syntax.callPrefix(), syntax.callSuffix()));
    }
    return new AnswerShape(grammar, Optional.of(syntax), first);
  }

  /** The tools to describe in the prompt: none with tool choice {@code NONE}. */
  public static List<ToolDefinition> promptTools(InferenceRequest request) {
    return request.toolChoice().mode() == ToolChoice.Mode.NONE ? List.of() : request.tools();
  }

  /** A reader of calls for one answer, or empty. */
  Optional<ToolCallReader> reader() {
    return toolSyntax.map(s -> s.reader(firstCallNumber));
  }
}
