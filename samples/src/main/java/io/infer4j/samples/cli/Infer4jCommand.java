package io.infer4j.samples.cli;

import io.infer4j.InvalidRequestException;
import io.infer4j.samples.cli.internal.ErrorReporter;
import io.infer4j.samples.cli.internal.QuietLogging;
import io.infer4j.samples.cli.internal.ResponseJson;
import io.infer4j.samples.cli.internal.RuntimeWarnings;
import io.infer4j.samples.cli.internal.VerboseLogging;
import io.infer4j.samples.cli.internal.VersionProvider;
import io.infer4j.spi.VariableNames;
import java.io.Console;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code infer4j} command line: {@code java -jar infer4j.jar COMMAND ...} with the commands
 * {@code generate} and {@code chat}.
 *
 * <p><b>Streams.</b> Stdout carries only what the command answers; stderr carries, on failure,
 * exactly one line {@code error: <ExceptionType>: <message>} (plus the stack trace with {@code
 * --verbose}); with {@code --verbose} it also carries {@code infer4j: } lines as things happen
 * (each retry of a remote backend). Whatever the flags, a context length above the model file's
 * adds one line {@code infer4j: warning: ...} ({@link RuntimeWarnings}). API keys given with {@code --api-key} or {@code
 * --api-key-env} (and a key given to {@code --api-key-env} in place of a variable's name) are
 * replaced by {@code ***} in anything printed; the remote backend masks its own key, however
 * configured, as {@code ****}. The exit status is an {@link ExitCode}.
 *
 * <p>{@link #execute} runs a command line in-process with given streams (tests, embedding); it
 * does not call {@link System#exit}. Each call builds new command objects, so calls are
 * independent; the streams are the caller's and are flushed, not closed.
 */
@Command(
    name = "infer4j",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    synopsisSubcommandLabel = "COMMAND",
    description = "Runs inference on any infer4j backend.",
    subcommands = {CompareCommand.class, GenerateCommand.class, ChatCommand.class, PlanCommand.class,
        RouteCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Choose the backend with --backend, a --config file, -Dinfer4j.backend=NAME"
        + " or the INFER4J_BACKEND environment variable.",
        "Run 'infer4j COMMAND --help' (or 'infer4j help COMMAND') for the options of a command."})
public final class Infer4jCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Print what happens on stderr (each retry of a remote backend: attempt, URL,"
          + " cause, wait) and, on failure, the stack trace after the error line.")
  private boolean verbose;

  private final InputStream input;
  private final boolean interactive;

  /** Reads {@link System#in}; interactive when stdin and stdout are a terminal. */
  public Infer4jCommand() {
    this(System.in, isTerminal());
  }

  private Infer4jCommand(InputStream input, boolean interactive) {
    this.input = Objects.requireNonNull(input, "input");
    this.interactive = interactive;
  }

  /** Where {@code chat} reads the user's lines. */
  InputStream input() {
    return input;
  }

  /** Whether a person is typing (prompts are printed only then). */
  boolean interactive() {
    return interactive;
  }

  /** Without a command: a usage error. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(),
        "no command given; commands: " + String.join(", ", spec.subcommands().keySet()));
  }

  /** Runs the command line and exits the JVM with its {@link ExitCode}. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, System.out.charset()));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, System.err.charset()));
    int status = run(new Infer4jCommand(), args, out, err);
    System.exit(status);
  }

  /**
   * Runs a command line in-process, not interactive.
   *
   * @param in what {@code chat} reads
   * @return the exit status, an {@link ExitCode#code()}
   */
  public static int execute(String[] args, InputStream in, PrintWriter out, PrintWriter err) {
    return run(new Infer4jCommand(in, false), args, out, err);
  }

  private static int run(Infer4jCommand root, String[] args, PrintWriter out, PrintWriter err) {
    QuietLogging.apply();
    CommandLine cl = newCommandLine(root, out, err);
    int status;
    try (RuntimeWarnings warnings = RuntimeWarnings.to(err)) {
      status = cl.execute(args);
    }
    out.flush();
    err.flush();
    return status;
  }

  private static CommandLine newCommandLine(Infer4jCommand root, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(root);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((thrown, cmd, parsed) -> {
      Exception e = withModelFlag(thrown, cmd);
      ErrorReporter reporter = new ErrorReporter(cmd.getErr(), isVerbose(parsed), secrets(parsed));
      int code = ExitCode.of(e).code();
      if (cmd.getCommand() instanceof JsonOutput command && command.printsJson()) {
        // --json: the failure as one JSON object on stdout too, so a script reads one format
        cmd.getOut().println(ResponseJson.failureToJson(e, code, reporter::redact));
        cmd.getOut().flush();
      }
      reporter.report(e);
      return code;
    });
    cl.setParameterExceptionHandler(Infer4jCommand::handleUsageError);
    cl.setExecutionStrategy(parsed -> {
      if (!isVerbose(parsed)) {
        return new CommandLine.RunLast().execute(parsed);
      }
      VerboseLogging logging = VerboseLogging.to(err, secrets(parsed));
      try {
        return new CommandLine.RunLast().execute(parsed);
      } finally {
        logging.close();
      }
    });
    List<CommandLine> all = new ArrayList<>(List.of(cl));
    all.addAll(cl.getSubcommands().values());
    for (CommandLine c : all) {
      c.getCommandSpec().usageMessage()
          .exitCodeListHeading("%nExit codes:%n")
          .exitCodeList(ExitCode.helpList());
    }
    return cl;
  }

  /**
   * A command line picocli cannot parse. A malformed option value ({@code --temperature hot},
   * {@code --chips x}) is an {@link InvalidRequestException} naming the request field the option
   * sets, else the option (as its range checks name it); anything else (an unknown or missing
   * option or command) is a {@link ExitCode#USAGE} error.
   */
  private static int handleUsageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    ParseResult parsed = cmd.getParseResult();
    ErrorReporter reporter = new ErrorReporter(
        cmd.getErr(), parsed != null && isVerbose(parsed), parsed == null ? List.of() : secrets(parsed));
    if (e.getCause() != null && e.getArgSpec() instanceof OptionSpec option) {
      String name = option.longestName();
      InvalidRequestException invalid = new InvalidRequestException(
          RequestOptions.FIELDS.getOrDefault(name, name.replaceFirst("^-+", "")), e.getMessage(), e);
      int code = ExitCode.of(invalid).code();
      if (cmd.getCommand() instanceof JsonOutput && List.of(args).contains("--json")) {
        // not parsed to the end, so --json is looked for among the words
        cmd.getOut().println(ResponseJson.failureToJson(invalid, code, reporter::redact));
        cmd.getOut().flush();
      }
      reporter.report(invalid);
      return code;
    }
    reporter.report(e.getClass().getSimpleName(),
        e.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')", e);
    return ExitCode.USAGE.code();
  }

  /**
   * {@code e}, or when it is a request without a model that a backend refused (a remote endpoint
   * with no model configured names its keys) and the command's {@code --model} was not given, the
   * same refusal saying that flag: a command-line user sets the model there.
   */
  private static Exception withModelFlag(Exception e, CommandLine cmd) {
    if (e instanceof InvalidRequestException invalid && "model".equals(invalid.field())
        && cmd.getCommandSpec().findOption("--model") != null
        && cmd.getParseResult() != null && !cmd.getParseResult().hasMatchedOption("--model")) {
      return new InvalidRequestException("model",
          invalid.problem() + "; on the command line, give --model NAME", invalid);
    }
    return e;
  }

  private static boolean isVerbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The API keys given on this command line, directly or through an environment variable, and a
   * key given to {@code --api-key-env} in place of a variable's name.
   */
  private static List<String> secrets(ParseResult parsed) {
    List<String> secrets = new ArrayList<>();
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      String key = p.matchedOptionValue("--api-key", null);
      if (key != null) {
        secrets.add(key);
      }
      String variable = p.matchedOptionValue("--api-key-env", null);
      if (VariableNames.mayBeSecret(variable)) {
        secrets.add(variable);
      }
      if (VariableNames.isName(variable) && System.getenv(variable) != null) {
        secrets.add(System.getenv(variable));
      }
    }
    return secrets;
  }

  private static boolean isTerminal() {
    Console console = System.console();
    return console != null && console.isTerminal();
  }
}
