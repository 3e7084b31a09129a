package io.infer4j.runtime.internal.structured;

import static io.infer4j.runtime.internal.structured.GrammarBuilder.concat;
import static io.infer4j.runtime.internal.structured.GrammarBuilder.of;

import io.infer4j.InvalidRequestException;
import io.infer4j.ToolDefinition;
import java.util.List;

/**
 * What a constrained answer must spell, compiled: a JSON document valid against a schema, any
 * JSON object, or a tool call wrapped in a chat template's markers. Start one {@link
 * OutputConstraint} per generation from it. Immutable and thread-safe.
 */
public final class OutputGrammar {
  private final Grammar grammar;

  private OutputGrammar(Grammar grammar) {
    this.grammar = grammar;
  }

  /**
   * JSON valid against {@code schema} (the subset {@link SchemaCompiler} supports).
   *
   * @param field the request field of the schema, for errors
   * @throws InvalidRequestException naming {@code field} for a schema outside the subset
   */
  public static OutputGrammar jsonSchema(String schema, String field) {
    GrammarBuilder g = new GrammarBuilder();
    return new OutputGrammar(g.build(SchemaCompiler.compile(new JsonGrammar(g), schema, field)));
  }

  /** Any JSON object. */
  public static OutputGrammar jsonObject() {
    GrammarBuilder g = new GrammarBuilder();
    return new OutputGrammar(g.build(new JsonGrammar(g).anyObject()));
  }

  /**
   * {@code prefix}, then one call of one of {@code tools} as the object {@code {"name": NAME,
   * "ARGUMENTS": {...}}} (name first, the arguments valid against that tool's parameters), then
   * {@code suffix}.
   *
   * @param argumentsKey the template's key for the arguments ({@code parameters} for Llama 3.1,
   *     {@code arguments} for Hermes/Qwen)
   * @throws InvalidRequestException naming {@code tools[NAME].parameters} for a schema outside the
   *     subset
   */
  public static OutputGrammar toolCall(
      List<ToolDefinition> tools, String argumentsKey, String prefix, String suffix) {
    if (tools.isEmpty()) {
      throw new IllegalArgumentException("a tool call needs at least one tool");
    }
    GrammarBuilder g = new GrammarBuilder();
    JsonGrammar json = new JsonGrammar(g);
    int[][] calls = new int[tools.size()][];
    for (int i = 0; i < tools.size(); i++) {
      ToolDefinition t = tools.get(i);
      int arguments = SchemaCompiler.compile(
          json, t.parameters(), "tools[" + t.name() + "].parameters");
      int name = json.member("\"name\"", g.rule(g.literal(jsonString(t.name()))));
      int args = json.member(jsonString(argumentsKey), arguments);
      calls[i] = concat(of(g.terminal('{'), json.ws(), name), json.comma(),
          of(args, json.ws(), g.terminal('}')));
    }
    int call = g.rule(calls);
    int root = g.rule(concat(g.literal(prefix), of(call), g.literal(suffix)));
    return new OutputGrammar(g.build(root));
  }

  private static String jsonString(String s) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
  }

  /**
   * A constraint for one generation.
   *
   * @param vocabulary the model's token bytes
   * @param size the number of logits per step
   * @param endTokens the tokens that end the answer (EOS, end of turn), allowed where it may end
   * @param banned tokens never allowed as content (BOS and every other stop token)
   */
  public OutputConstraint start(TokenBytes vocabulary, int size, int[] endTokens, int[] banned) {
    GrammarMatcher matcher = new GrammarMatcher(grammar);
    return new OutputConstraint(
        matcher, new TokenMasks(matcher, vocabulary, size, endTokens, banned), vocabulary);
  }

  Grammar grammar() {
    return grammar;
  }
}
