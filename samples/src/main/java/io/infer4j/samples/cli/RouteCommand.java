package io.infer4j.samples.cli;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.RouteDecision;
import io.infer4j.Routing;
import io.infer4j.samples.cli.internal.ResponseJson;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code infer4j route}: what the router would do for a request (candidates, predictions, the
 * choice and why), without running it. With a backend that is not a router, the decision is the
 * direct one.
 */
@Command(
    name = "route",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Explains which backend would serve a request and why, without running it.")
public final class RouteCommand implements Callable<Integer>, JsonOutput {

  @Spec private CommandSpec spec;

  @Mixin private BackendOptions backendOptions;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT",
      description = "The prompt (its length matters to the predictions).")
  private String prompt;

  @Mixin private RequestOptions requestOptions;

  @Option(names = "--json", description = "Print the decision as one JSON object.")
  private boolean json;

  @Override
  public boolean printsJson() {
    return json;
  }

  @Override
  public Integer call() {
    InferenceRequest request = requestOptions.builder().prompt(prompt).build();
    PrintWriter out = spec.commandLine().getOut();
    try (InferenceClient client = backendOptions.openOneShotClient()) {
      RouteDecision decision = Routing.explain(client, request);
      if (json) {
        out.println(ResponseJson.toJson(decision));
      } else {
        printTable(out, decision);
      }
      out.flush();
    }
    return ExitCode.SUCCESS.code();
  }

  private static void printTable(PrintWriter out, RouteDecision d) {
    out.println("chosen: " + (d.chosen().isEmpty() ? "(none)" : d.chosen()));
    out.println("reason: " + d.reason());
    if (!d.candidates().isEmpty()) {
      out.printf("%-16s %12s %12s %-8s %s%n", "backend", "ttft_ms", "total_ms", "fits", "note");
      for (RouteDecision.Candidate c : d.candidates()) {
        out.printf("%-16s %12s %12s %-8s %s%n", c.backend(), millis(c.predictedTimeToFirstToken()),
            millis(c.predictedTotal()), c.eligible() ? "yes" : "no", c.note());
      }
    }
  }

  private static String millis(java.time.Duration d) {
    return d == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f", d.toNanos() / 1e6);
  }
}
