package io.infer4j.runtime.internal.structured;

import java.nio.charset.StandardCharsets;

/** Runs whole texts through a grammar, for tests. */
final class Documents {
  private Documents() {}

  /** Whether {@code text} is a complete document of {@code grammar}. */
  static boolean accepts(OutputGrammar grammar, String text) {
    return end(grammar, text).accepting;
  }

  /** Whether {@code text} is the start of some document of {@code grammar}. */
  static boolean isPrefix(OutputGrammar grammar, String text) {
    return !end(grammar, text).dead();
  }

  static MatchState end(OutputGrammar grammar, String text) {
    GrammarMatcher m = new GrammarMatcher(grammar.grammar());
    return m.advance(m.start(), text.getBytes(StandardCharsets.UTF_8));
  }
}
