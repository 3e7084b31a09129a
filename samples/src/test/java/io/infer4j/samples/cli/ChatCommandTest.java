package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
  void aConversationLongerThanTheContextDropsItsOldestExchanges() {
    String line = "a cat and a dog\n";
    CliResult r = Cli.runWithInput(line.repeat(4), "chat", "--backend", "gpu",
        "--chat-template", "chatml", "--system", "Be brief.", "--context-length", "128",
        "--temperature", "0", "--max-tokens", "4");

    assertEquals(0, r.exitCode(), r::toString);
    List<String> notes = r.errLines().stream().filter(l -> l.startsWith("infer4j: note: the"
        + " conversation outgrew the model's context; dropped the oldest exchange")).toList();
    assertFalse(notes.isEmpty(), r::toString);
    assertFalse(r.err().contains("error:"), r::toString);
  }

  @Test
  void aSingleMessageLongerThanTheContextStillFails() {
    CliResult r = Cli.runWithInput("once upon a time ".repeat(40) + "\n", "chat", "--backend",
        "gpu", "--chat-template", "chatml", "--context-length", "32", "--max-tokens", "4");

    assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
    assertTrue(r.err().contains("longer than the model's context of 32 tokens"), r::toString);
    assertFalse(r.err().contains("infer4j: note:"), r::toString);
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
