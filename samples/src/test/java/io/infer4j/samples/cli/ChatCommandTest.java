package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ChatMessage;
import io.infer4j.samples.cli.support.EchoBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCommandTest {

  @Test
  void answersEachLineAndSendsTheWholeHistory() {
    CliResult r = Cli.runWithInput("hello\nand again\n", "chat", "--backend", "echo");

    assertEquals(0, r.exitCode(), r::toString);
    List<String> answers = r.outLines();
    assertEquals(2, answers.size(), r::toString);
    String first = answers.get(0);
    assertTrue(first.startsWith(EchoBackend.messages(ChatMessage.user("hello"))), r::toString);
    assertTrue(answers.get(1).startsWith(EchoBackend.messages(
        ChatMessage.user("hello"), ChatMessage.assistant(first), ChatMessage.user("and again"))),
        r::toString);
    assertEquals("", r.err());
  }

  @Test
  void systemMessageLeadsTheHistory() {
    CliResult r = Cli.runWithInput("hi\n", "chat", "--backend", "echo", "--system", "Be brief.");

    assertTrue(r.out().startsWith(EchoBackend.messages(
        ChatMessage.system("Be brief."), ChatMessage.user("hi"))), r::toString);
  }

  @Test
  void samplingFlagsReachEveryTurn() {
    CliResult r = Cli.runWithInput("a\nb\n", "chat", "--backend", "echo", "--temperature", "0",
        "--max-tokens", "9");

    for (String answer : r.outLines()) {
      assertTrue(answer.contains("temperature=[0.0]") && answer.contains("max_tokens=[9]"), answer);
    }
    assertEquals(2, r.outLines().size(), r::toString);
  }

  @Test
  void exitCommandEndsTheChat() {
    CliResult r = Cli.runWithInput("hi\n/exit\nnever read\n", "chat", "--backend", "alpha",
        "--max-tokens", "2");

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(List.of("alpha0 alpha1"), r.outLines());
  }

  @Test
  void endOfInputEndsTheChatQuietly() {
    CliResult r = Cli.runWithInput("", "chat", "--backend", "alpha");

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("", r.out());
    assertEquals("", r.err());
  }

  @Test
  void blankLinesAreNotSent() {
    CliResult r = Cli.runWithInput("\n   \nhi\n\n", "chat", "--backend", "alpha", "--max-tokens", "1");

    assertEquals(List.of("alpha0"), r.outLines());
  }

  @Test
  void unknownBackendFailsWithOneLine() {
    CliResult r = Cli.runWithInput("hi\n", "chat", "--backend", "nosuch");

    assertEquals(ExitCode.INVALID_CONFIGURATION.code(), r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().contains("'nosuch'"), r::toString);
    assertEquals("", r.out());
  }

  @Test
  void invalidFlagFailsBeforeReadingInput() {
    CliResult r = Cli.runWithInput("hi\n", "chat", "--backend", "alpha", "--top-p", "0");

    assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
    assertTrue(r.err().startsWith("error: InvalidRequestException: "), r::toString);
    assertEquals("", r.out());
  }
}
