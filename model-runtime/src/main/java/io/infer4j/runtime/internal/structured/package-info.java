/**
 * Constrained decoding: the answer's tokens are restricted, step by step, to those that keep the
 * text a prefix of a document the request allows (JSON valid against a schema, any JSON object, a
 * tool call in a chat template's markers).
 *
 * <p>A JSON Schema is compiled ({@code SchemaCompiler}, {@code JsonGrammar}) into a byte-level
 * context-free grammar ({@code Grammar}); {@code GrammarMatcher} runs it as a set of parse stacks
 * and memoises transitions into interned {@code MatchState}s; {@code TokenMasks} turns a state
 * into the set of allowed tokens by walking a byte trie of the vocabulary ({@code
 * VocabularyTrie}, {@code TokenBytes}), with a token-by-token reference beside it. {@code
 * OutputGrammar} and {@code OutputConstraint} are what the serving layer uses. Not API.
 */
package io.infer4j.runtime.internal.structured;
