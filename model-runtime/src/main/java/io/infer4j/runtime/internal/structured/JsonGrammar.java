package io.infer4j.runtime.internal.structured;

import static io.infer4j.runtime.internal.structured.GrammarBuilder.concat;
import static io.infer4j.runtime.internal.structured.GrammarBuilder.of;

/**
 * The pieces of JSON (RFC 8259) as grammar rules over UTF-8 bytes, each built once per grammar:
 * white space, strings, numbers, literals, and any value. Shapes follow llama.cpp's {@code
 * json_schema_to_grammar} (common/json-schema-to-grammar.cpp), which bounds what a model could
 * otherwise repeat forever:
 *
 * <ul>
 *   <li>white space between tokens is nothing, one space, or one or two line breaks followed by
 *       at most 20 spaces or tabs (so a model cannot loop on white space);
 *   <li>an integer part has at most 16 digits, a fraction at most 16, an exponent at most 3;
 *   <li>strings are unbounded (a model ends them with a quote, or {@code maxTokens} ends the
 *       answer); their bytes are valid UTF-8 (RFC 3629 ranges, no overlongs or surrogates), no
 *       control characters, and escapes are JSON's.
 * </ul>
 *
 * Not thread-safe: it fills one {@link GrammarBuilder}.
 */
final class JsonGrammar {
  private final GrammarBuilder g;
  private int ws = -1;
  private int string = -1;
  private int integer = -1;
  private int number = -1;
  private int anyValue = -1;
  private int anyObject = -1;

  JsonGrammar(GrammarBuilder g) {
    this.g = g;
  }

  GrammarBuilder builder() {
    return g;
  }

  /** Optional white space: {@code "" | " " | "\n"{1,2} [ \t]{0,20}}. */
  int ws() {
    if (ws < 0) {
      int newline = g.terminal('\n');
      int indent = g.repeat(g.terminal(ByteSet.anyOf(" \t")), 0, 20);
      int breaks = g.repeat(newline, 1, 2);
      ws = g.rule(of(), of(g.terminal(' ')), of(breaks, indent));
    }
    return ws;
  }

  /** A JSON string, quotes included. */
  int string() {
    if (string < 0) {
      int chars = g.repeat(character(), 0, -1);
      int quote = g.terminal('"');
      string = g.rule(of(quote, chars, quote));
    }
    return string;
  }

  /** One character of a string's content: an unescaped UTF-8 character or an escape. */
  private int character() {
    int cont = g.terminal(ByteSet.range(0x80, 0xBF));
    ByteSet ascii = ByteSet.range(0x20, 0x7F).minus(ByteSet.anyOf("\"\\"));
    int hex = g.terminal(ByteSet.range('0', '9').union(ByteSet.range('a', 'f'))
        .union(ByteSet.range('A', 'F')));
    int backslash = g.terminal('\\');
    return g.rule(
        of(g.terminal(ascii)),
        of(g.terminal(ByteSet.range(0xC2, 0xDF)), cont),
        of(g.terminal(0xE0), g.terminal(ByteSet.range(0xA0, 0xBF)), cont),
        of(g.terminal(ByteSet.range(0xE1, 0xEC)), cont, cont),
        of(g.terminal(0xED), g.terminal(ByteSet.range(0x80, 0x9F)), cont),
        of(g.terminal(ByteSet.range(0xEE, 0xEF)), cont, cont),
        of(g.terminal(0xF0), g.terminal(ByteSet.range(0x90, 0xBF)), cont, cont),
        of(g.terminal(ByteSet.range(0xF1, 0xF3)), cont, cont, cont),
        of(g.terminal(0xF4), g.terminal(ByteSet.range(0x80, 0x8F)), cont, cont),
        of(backslash, g.terminal(ByteSet.anyOf("\"\\/bfnrt"))),
        of(backslash, g.terminal('u'), hex, hex, hex, hex));
  }

  /** An integer: {@code -? (0 | [1-9][0-9]{0,15})}. */
  int integer() {
    if (integer < 0) {
      int digits = g.repeat(g.terminal(ByteSet.range('0', '9')), 0, 15);
      int magnitude = g.rule(of(g.terminal('0')), of(g.terminal(ByteSet.range('1', '9')), digits));
      integer = g.rule(of(magnitude), of(g.terminal('-'), magnitude));
    }
    return integer;
  }

  /** A number: an integer, then an optional fraction and exponent. */
  int number() {
    if (number < 0) {
      int digit = g.terminal(ByteSet.range('0', '9'));
      int fraction = g.optional(g.sequence(of(g.terminal('.')), of(g.repeat(digit, 1, 16))));
      int sign = g.optional(g.terminal(ByteSet.anyOf("+-")));
      int exponent = g.optional(g.sequence(
          of(g.terminal(ByteSet.anyOf("eE")), sign, g.repeat(digit, 1, 3))));
      number = g.rule(of(integer(), fraction, exponent));
    }
    return number;
  }

  /** {@code true} or {@code false}. */
  int bool() {
    return g.rule(g.literal("true"), g.literal("false"));
  }

  /** {@code null}. */
  int nul() {
    return g.rule(g.literal("null"));
  }

  /** Any JSON value (nesting unbounded; recursive). */
  int anyValue() {
    if (anyValue < 0) {
      anyValue = g.declare();
      int array = array(anyValue, 0, -1);
      g.define(anyValue, of(anyObject()), of(array), of(string()), of(number()),
          g.literal("true"), g.literal("false"), g.literal("null"));
    }
    return anyValue;
  }

  /** Any JSON object. */
  int anyObject() {
    if (anyObject < 0) {
      anyObject = g.declare();
      int value = anyValue();
      g.define(anyObject, of(map(value)));
    }
    return anyObject;
  }

  /** An object with any keys whose values are {@code value}s. */
  int map(int value) {
    int member = g.rule(of(string(), ws(), g.terminal(':'), ws(), value));
    return container('{', member, 0, -1, '}');
  }

  /** An array of {@code min..max} (max {@code < 0}: unbounded) {@code item}s. */
  int array(int item, int min, int max) {
    return container('[', item, min, max, ']');
  }

  /** The separator between members or items: {@code ws "," ws}. */
  int[] comma() {
    return of(ws(), g.terminal(','), ws());
  }

  /** {@code open ws [item (ws "," ws item)* ws] close} with the count of items bounded. */
  private int container(char open, int item, int min, int max, char close) {
    int o = g.terminal(open);
    int c = g.terminal(close);
    if (max == 0) {
      return g.rule(of(o, ws(), c));
    }
    int items = g.list(item, comma(), Math.max(1, min), max);
    int[] full = of(o, ws(), items, ws(), c);
    return min > 0 ? g.rule(full) : g.rule(full, of(o, ws(), c));
  }

  /** A member {@code "name" ws ":" ws value}, the name written as the JSON string {@code key}. */
  int member(String jsonKey, int value) {
    return g.rule(concat(g.literal(jsonKey), of(ws(), g.terminal(':'), ws(), value)));
  }
}
