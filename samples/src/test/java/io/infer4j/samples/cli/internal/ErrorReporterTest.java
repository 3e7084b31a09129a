package io.infer4j.samples.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorReporterTest {

  private final StringWriter err = new StringWriter();

  @Test
  void reportIsOneLineNamingTheExceptionType() {
    new ErrorReporter(new PrintWriter(err), false, List.of())
        .report(new BackendUnavailableException("groq", "connection refused", true));

    assertEquals(List.of("error: BackendUnavailableException: backend 'groq' unavailable:"
        + " connection refused"), err.toString().lines().toList());
  }

  @Test
  void lineBreaksInTheMessageAreFoldedIntoSpaces() {
    String line = new ErrorReporter(new PrintWriter(err), false, List.of())
        .line(new IllegalStateException("first\n  second\r\nthird\n"));

    assertEquals("error: IllegalStateException: first second third", line);
  }

  @Test
  void exceptionWithoutMessageIsJustItsType() {
    String line = new ErrorReporter(new PrintWriter(err), false, List.of())
        .line(new NullPointerException());

    assertEquals("error: NullPointerException", line);
  }

  @Test
  void secretsAreRedactedFromTheLineAndTheStackTrace() {
    RuntimeException cause = new RuntimeException("inner sees sk-abc");
    new ErrorReporter(new PrintWriter(err), true, List.of("sk-abc", " "))
        .report(new IllegalStateException("outer sees sk-abc", cause));

    assertFalse(err.toString().contains("sk-abc"), err::toString);
    assertTrue(err.toString().startsWith("error: IllegalStateException: outer sees ***"));
    assertTrue(err.toString().contains("inner sees ***"), err::toString);
  }

  @Test
  void verboseAddsTheStackTrace() {
    new ErrorReporter(new PrintWriter(err), true, List.of())
        .report(new IllegalStateException("boom"));

    List<String> lines = err.toString().lines().toList();
    assertEquals("error: IllegalStateException: boom", lines.get(0));
    assertTrue(lines.size() > 2, err::toString);
    assertTrue(lines.get(2).startsWith("\tat "), err::toString);
  }
}
