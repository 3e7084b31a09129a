package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer4j.runtime.testing.SharedFiles;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --chat-template} and the check that {@code chat} makes before its first prompt: on the
 * echo backend in-process, and on the shared stories260K GGUF (which has no chat template) in a
 * separate JVM with the Vector API module, as the README runs the jar.
 */
class ChatTemplateFlagTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** Stdin that fails the test if anything reads it. */
  private static final class UnreadInput extends InputStream {
    @Override
    public int read() {
      throw new AssertionError("stdin was read");
    }
  }

  private static CliResult inStories(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--backend", "gpu",
        "--model", SharedFiles.model("stories260K-q8_0.gguf").toString()));
    return CliProcess.runWithInput(stdin, Map.of(),
        List.of("--add-modules", "jdk.incubator.vector"), all.toArray(String[]::new));
  }

  @Test
  void theFlagBecomesTheInstancesChatTemplateKey() {
    CliResult r = Cli.run("generate", "--backend", "echo", "--prompt", "x",
        "--chat-template", "chatml");

    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().contains("chat_template=[chatml]"), r::toString);
  }

  @Test
  void aBackendThatCannotChatFailsBeforeReadingAnyInput() {
    Path config = Cli.configFile(dir, "infer4j.backends.echo.chat=false");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = Infer4jCommand.execute(
        new String[] {"chat", "--config", config.toString(), "--backend", "echo",
            "--model", "plain.gguf"},
        new UnreadInput(), new PrintWriter(out), new PrintWriter(err));

    CliResult r = new CliResult(code, out.toString(), err.toString());
    assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().startsWith("error: InvalidRequestException: "), r::toString);
    for (String part : List.of("messages", "backend 'echo'", "model plain.gguf",
        "--chat-template llama3|chatml|llama2|FILE", "infer4j.backends.echo.chat-template",
        "generate --prompt")) {
      assertTrue(r.err().contains(part), () -> "missing " + part + " in " + r);
    }
    assertEquals("", r.out());
  }

  @Test
  void aTemplateFileOfNoKnownFamilyFailsNamingTheFileAndTheFamilies() throws Exception {
    Path file = Files.writeString(dir.resolve("gemma.jinja"),
        "{% for m in messages %}<start_of_turn>{{ m['role'] }}\n{{ m['content'] }}<end_of_turn>\n"
            + "{% endfor %}");

    CliResult r = Cli.runWithInput("hi\n", "chat", "--backend", "gpu", "--model", "any.gguf",
        "--chat-template", file.toString());

    assertEquals(ExitCode.INVALID_CONFIGURATION.code(), r.exitCode(), r::toString);
    assertTrue(r.err().contains("--chat-template=" + file), r::toString); // the flag's key, by flag
    assertTrue(r.err().contains("known: llama3, chatml, llama2"), r::toString);
  }

  @Test
  void anUnknownNameNamesTheKeyTheValueAndTheChoices() {
    CliResult r = Cli.runWithInput("hi\n", "chat", "--backend", "gpu", "--model", "any.gguf",
        "--chat-template", "vicuna");

    assertEquals(ExitCode.INVALID_CONFIGURATION.code(), r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().contains("--chat-template=vicuna"), r::toString);
    assertTrue(r.err().contains("expected llama3, chatml, llama2 or the path of a file"),
        r::toString);
    assertEquals("", r.out());
  }

  @Test
  void theKeyInAConfigFileIsNamedAsTheKey() {
    Path config = Cli.configFile(dir, "infer4j.backends.gpu.chat-template=vicuna");

    CliResult r = Cli.runWithInput("hi\n", "chat", "--config", config.toString(),
        "--backend", "gpu", "--model", "any.gguf");

    assertEquals(ExitCode.INVALID_CONFIGURATION.code(), r.exitCode(), r::toString);
    assertTrue(r.err().contains("infer4j.backends.gpu.chat-template=vicuna"), r::toString);
  }

  @Test
  void withoutAModelTheEmbeddedOneIsNamed() {
    Path config = Cli.configFile(dir, "infer4j.backends.echo.chat=false");

    CliResult r = Cli.runWithInput("hi\n", "chat", "--config", config.toString(),
        "--backend", "echo");

    assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
    assertTrue(r.err().contains("model stories260K (the default)"), r::toString);
  }

  @Test
  void theSharedModelWithoutATemplateFailsBeforeThePromptSayingHowToChooseOne() {
    CliResult r = inStories("Hello\n", "chat");

    assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
    assertTrue(r.err().contains("stories260K-q8_0.gguf has no chat template"), r::toString);
    assertTrue(r.err().contains("--chat-template llama3|chatml|llama2|FILE"), r::toString);
    assertEquals("", r.out());
  }

  @Test
  void theSharedModelChatsWithAChosenTemplate() {
    CliResult r = inStories("Hello\nAnd then?\n", "chat", "--chat-template", "chatml",
        "--temperature", "0", "--max-tokens", "6");

    assertEquals(0, r.exitCode(), r::toString);
    assertFalse(r.err().contains("error:"), r::toString);
    assertFalse(r.out().isBlank(), r::toString);
  }

  @Test
  void generateWithASystemMessageUsesTheChosenTemplateToo() throws Exception {
    CliResult without = inStories("", "generate", "--system", "Be kind.", "--prompt", "Hello");
    assertEquals(ExitCode.INVALID_REQUEST.code(), without.exitCode(), without::toString);
    assertTrue(without.err().contains("chat-template key"), without::toString);

    CliResult r = inStories("", "generate", "--system", "Be kind.", "--prompt", "Hello",
        "--chat-template", "llama2", "--temperature", "0", "--max-tokens", "4", "--json");

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode json = JSON.readTree(r.out());
    assertEquals(4, json.at("/usage/completion_tokens").asInt(), r::toString);
    // <s>[INST] <<SYS>>\nBe kind.\n<</SYS>>\n\nHello [/INST], in the 512-token vocabulary
    assertTrue(json.at("/usage/prompt_tokens").asInt() > 10, r::toString);
  }
}
