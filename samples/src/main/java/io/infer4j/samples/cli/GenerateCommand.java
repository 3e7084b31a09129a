package io.infer4j.samples.cli;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.TokenChunk;
import io.infer4j.samples.cli.internal.ResponseJson;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code infer4j generate}: one prompt in, the completion out.
 *
 * <p>Stdout carries the completion only (no echoed prompt) and a final newline; {@code --stream}
 * prints the chunks as they arrive, flushing each; {@code --json} prints one JSON object instead
 * (see {@link ResponseJson}); both together print the chunks, a newline, then the JSON object on
 * the last line. A failure prints one line on stderr and exits with its {@link ExitCode}; with
 * {@code --json} it also prints one JSON object on stdout, {@code {"error": {"type", "message",
 * "exit_code"}, "route": {...}}}, the route (the router's decision, see {@link
 * io.infer4j.InferenceException#route()}) present when the request went through the router (see
 * {@link ResponseJson#failureToJson}).
 *
 * <p>The prompt is sent as is (a raw completion) unless {@code --system} is given; then the two
 * form a chat of a system and a user message.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Generates the completion of one prompt and prints it (without the prompt).")
public final class GenerateCommand implements Callable<Integer>, JsonOutput {

  @Spec private CommandSpec spec;

  @Mixin private BackendOptions backendOptions;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT",
      description = "The prompt; sent as is, or as the user message when --system is given.")
  private String prompt;

  @Option(names = "--system", paramLabel = "TEXT",
      description = "System message; makes the request a chat (system + user message).")
  private String system;

  @Mixin private RequestOptions requestOptions;

  @Option(names = "--stream", description = "Print the answer as it is generated.")
  private boolean stream;

  @Option(names = "--json", description = "Print the response as one JSON object"
      + " (after the streamed text with --stream).")
  private boolean json;

  @Override
  public Integer call() {
    InferenceRequest request = request();
    PrintWriter out = spec.commandLine().getOut();
    try (InferenceClient client = backendOptions.openOneShotClient()) {
      if (stream) {
        InferenceResponse response = streamTo(out, client, request);
        out.println();
        if (json) {
          out.println(ResponseJson.toJson(response));
        }
      } else {
        InferenceResponse response = client.generate(request);
        out.println(json ? ResponseJson.toJson(response) : response.text());
      }
      out.flush();
    }
    return ExitCode.SUCCESS.code();
  }

  @Override
  public boolean printsJson() {
    return json;
  }

  private InferenceRequest request() {
    InferenceRequest.Builder b = requestOptions.builder();
    if (system == null) {
      b.prompt(prompt);
    } else {
      b.system(system).user(prompt);
    }
    return b.build();
  }

  /**
   * Prints each chunk as it arrives and returns the response. On a failure after some text, the
   * line is ended before the failure propagates, so the error line stands alone.
   */
  static InferenceResponse streamTo(PrintWriter out, InferenceClient client, InferenceRequest request) {
    boolean printed = false;
    try (InferenceStream chunks = client.stream(request)) {
      for (TokenChunk chunk : chunks) {
        out.print(chunk.text());
        out.flush();
        printed = true;
      }
      return chunks.response();
    } catch (RuntimeException e) {
      if (printed) {
        out.println();
        out.flush();
      }
      throw e;
    }
  }
}
