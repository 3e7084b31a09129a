package io.infer4j.samples.cli;

import io.infer4j.ChatMessage;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceResponse;
import io.infer4j.InvalidRequestException;
import io.infer4j.runtime.ModelSources;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.Capability;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.config.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code infer4j chat}: an interactive chat over stdin. Each non-blank line is a user message;
 * the answer is streamed to stdout and ends with a newline; the whole history (system message,
 * every user message and answer) goes with each request, and when it outgrows an in-process
 * model's context its oldest exchanges are dropped, with a note on stderr. {@code /exit} or the
 * end of input ends the chat with exit code 0. A failure ends it with one line on stderr and its
 * {@link ExitCode}; a backend that cannot take chat messages at all (a model without a chat
 * template) fails before the first prompt, saying how to choose a template.
 *
 * <p>Only when stdin and stdout are a terminal is a {@value #PROMPT} prompt printed, so piped
 * output holds the answers alone, each followed by a newline (an answer may hold newlines of its
 * own).
 */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Chats interactively: type a message per line; each answer streams back.",
      "The conversation so far goes with every message. /exit or end of input ends the chat."
    })
public final class ChatCommand implements Callable<Integer> {

  /** Typed to end the chat. */
  public static final String EXIT = "/exit";

  /** The prompt printed before reading a line, on a terminal only. */
  static final String PROMPT = "> ";

  @Spec private CommandSpec spec;

  @ParentCommand private Infer4jCommand parent;

  @Mixin private BackendOptions backendOptions;

  @Option(names = "--system", paramLabel = "TEXT", description = "System message for the chat.")
  private String system;

  @Mixin private RequestOptions requestOptions;

  @Override
  public Integer call() {
    // Fail on bad flags before reading any input.
    requestOptions.builder().prompt("").build();
    PrintWriter out = spec.commandLine().getOut();
    BufferedReader in = new BufferedReader(new InputStreamReader(parent.input(), inputCharset()));
    List<ChatMessage> history = new ArrayList<>();
    if (system != null) {
      history.add(ChatMessage.system(system));
    }
    boolean terminal = parent.interactive();
    try (InferenceClient client = backendOptions.openClient()) {
      requireChat(client, backendOptions.configuration());
      while (true) {
        if (terminal) {
          out.print(PROMPT);
          out.flush();
        }
        String line = readLine(in);
        if (line == null || line.strip().equals(EXIT)) {
          break;
        }
        if (line.isBlank()) {
          continue;
        }
        history.add(ChatMessage.user(line));
        InferenceResponse answer = answer(out, client, history);
        out.println();
        out.flush();
        history.add(ChatMessage.assistant(answer.text()));
      }
    }
    return ExitCode.SUCCESS.code();
  }

  /**
   * Streams the answer to {@code history}. When the conversation has outgrown an in-process
   * model's context (refused before any token is written), drops its oldest exchange (the system
   * message stays), says so on stderr and asks again, until only the newest message is left.
   */
  private InferenceResponse answer(PrintWriter out, InferenceClient client,
      List<ChatMessage> history) {
    int first = system != null ? 1 : 0;
    while (true) {
      try {
        return GenerateCommand.streamTo(out, client,
            requestOptions.builder().messages(history).build());
      } catch (InvalidRequestException e) {
        if (!outgrewContext(e) || history.size() - first < 3) {
          throw e;
        }
        history.subList(first, first + 2).clear(); // the oldest user message and its answer
        PrintWriter err = spec.commandLine().getErr();
        err.println("infer4j: note: the conversation outgrew the model's context; dropped the"
            + " oldest exchange (" + (history.size() - first - 1) + " earlier messages kept)");
        err.flush();
      }
    }
  }

  /** Whether {@code e} is the in-process runtime's refusal of a conversation too long for it. */
  private static boolean outgrewContext(InvalidRequestException e) {
    return "messages".equals(e.field())
        && String.valueOf(e.getMessage()).contains("longer than the model's context");
  }

  /**
   * Fails before the first prompt when the backend says it cannot take chat messages (an
   * in-process model whose file has no chat template this runtime renders). A backend that says
   * nothing is tried: the first message tells.
   *
   * @throws InvalidRequestException naming {@code messages}, the backend, its model and the remedy
   */
  private static void requireChat(InferenceClient client, Config config) {
    Set<Capability> caps = InferenceClients.capabilities(client);
    if (caps.isEmpty() || caps.contains(Capability.CHAT)) {
      return;
    }
    String model = "model " + BackendOptions.model(config, client.name())
        .orElse(ModelSources.EMBEDDED + " (the default)");
    throw new InvalidRequestException("messages", "backend '" + client.name()
        + "' cannot take chat messages: " + model + " has no chat template this runtime renders;"
        + " choose one with --chat-template llama3|chatml|llama2|FILE (the key "
        + BackendConfig.BACKENDS_PREFIX + client.name() + ".chat-template), or use 'infer4j"
        + " generate --prompt TEXT' for a plain completion");
  }

  private static String readLine(BufferedReader in) {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stdin", e);
    }
  }

  private static Charset inputCharset() {
    String name = System.getProperty("stdin.encoding");
    try {
      return name != null ? Charset.forName(name) : Charset.defaultCharset();
    } catch (IllegalArgumentException e) {
      return Charset.defaultCharset();
    }
  }
}
