package io.infer4j.samples.cdi;

import io.infer4j.InferenceException;
import io.infer4j.samples.cli.ExitCode;
import io.infer4j.samples.cli.internal.ErrorReporter;
import io.infer4j.samples.cli.internal.QuietLogging;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * A small CDI SE application: starts Weld, lets it inject infer4j clients into {@link
 * StoryTeller}, prints a story and its review, and shuts down (which closes the clients).
 *
 * <pre>
 * java -Dinfer4j.backend=fake -Dinfer4j.backends.critic.type=fake \
 *      -cp samples/target/infer4j.jar io.infer4j.samples.cdi.StoryApp "Once upon a time"
 * </pre>
 *
 * <p>Like the command line, an SDK failure (a missing {@code infer4j.backend}, an unknown {@code
 * critic}) ends the process with one line on stderr, {@code error: <ExceptionType>: <message>},
 * and that failure's {@link ExitCode}. Any other failure is a bug and keeps its stack trace.
 */
public final class StoryApp {

  private StoryApp() {}

  public static void main(String[] args) {
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, System.err.charset()));
    System.exit(run(args, System.out, err));
  }

  /**
   * Runs the application in-process (tests) without exiting the JVM.
   *
   * @return the exit status, an {@link ExitCode#code()}
   */
  static int run(String[] args, PrintStream out, PrintWriter err) {
    QuietLogging.apply(); // Weld's start-up lines would otherwise go to stderr
    String opening = args.length > 0 ? String.join(" ", args) : "Once upon a time";
    Weld weld = new Weld()
        .disableDiscovery()
        .addPackages(true, StoryTeller.class)
        .addPackages(true, io.infer4j.cdi.Backend.class);
    try (WeldContainer container = weld.initialize()) {
      out.println(container.select(StoryTeller.class).get().storyWithReview(opening));
      out.flush();
      return ExitCode.SUCCESS.code();
    } catch (RuntimeException e) {
      InferenceException failure = sdkFailure(e);
      if (failure == null) {
        throw e;
      }
      new ErrorReporter(err, false, List.of()).report(failure);
      return ExitCode.of(failure).code();
    }
  }

  /** The SDK's exception in {@code e} or its causes (Weld may wrap it), or null. */
  private static InferenceException sdkFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InferenceException found) {
        return found;
      }
    }
    return null;
  }
}
