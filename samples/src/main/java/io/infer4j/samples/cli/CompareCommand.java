package io.infer4j.samples.cli;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.InvalidRequestException;
import io.infer4j.LatencyBudget;
import io.infer4j.runtime.ModelSources;
import io.infer4j.samples.cli.internal.CliConfig;
import io.infer4j.samples.cli.internal.compare.ComparedModel;
import io.infer4j.samples.cli.internal.compare.Comparison;
import io.infer4j.samples.cli.internal.compare.ComparisonChart;
import io.infer4j.samples.cli.internal.compare.ComparisonJson;
import io.infer4j.samples.cli.internal.compare.ComparisonTable;
import io.infer4j.samples.cli.internal.compare.MeasuredPlatforms;
import io.infer4j.samples.cli.internal.compare.PlatformRow;
import io.infer4j.samples.cli.internal.compare.ProgressLine;
import io.infer4j.samples.cli.internal.compare.RouterPick;
import io.infer4j.samples.cli.internal.compare.SimulatedPlatforms;
import io.infer4j.samples.cli.internal.compare.WarmUp;
import io.infer4j.spi.BackendConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code infer4j compare}: one prompt, every platform side by side. The in-process {@code gpu}
 * backend answers it for real (CUDA where present, else the CPU path) and writes the text; each
 * configured remote endpoint answers it too; the timing models simulate the LPU system and each
 * GPU for the same workload. Then the router's pick for the budget.
 *
 * <p>Stdout carries the answer and the table ({@code --json}: one object instead); progress goes
 * to stderr on a terminal. A platform that fails is a row that says why; the others still print,
 * and the command exits 0. Flags that are wrong stop it before anything runs.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {"Answers one prompt and compares every platform infer4j knows: measured"
        + " (the in-process model, configured remote endpoints) and simulated (LPU, GPUs):"
        + " time to first token, tokens/s, total time, chips or GPUs, and the router's pick."})
public final class CompareCommand implements Callable<Integer>, JsonOutput {

  /** The in-process backend instance that runs the model. */
  static final String IN_PROCESS = "gpu";

  /** Most seconds of one warm-up run, so a big model on a CPU is not warmed for minutes. */
  static final int WARM_UP_SECONDS = 5;


  @Spec private CommandSpec spec;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt.")
  private String prompt;

  @Option(names = "--model", paramLabel = "NAME|PATH",
      description = "What to compare: a model file, hf:OWNER/REPO/FILE, stories260K (the embedded"
          + " model, default), or a catalog model given by shape only (llama-3.1-8b, llama-3.3-70b,"
          + " ...; then the embedded model writes the text and the platforms simulate this one).")
  private String model;

  @Option(names = "--tokenizer", paramLabel = "PATH",
      description = "Tokenizer of a llama2.c checkpoint given as --model.")
  private Path tokenizer;

  @Option(names = "--context-length", paramLabel = "N",
      description = "Positions per request of the in-process model instead of the file's (the"
          + " 'gpu' instance's context-length key); above the file's trained length with one"
          + " warning line on stderr.")
  private Integer contextLength;

  @Option(names = "--config", paramLabel = "FILE",
      description = "MicroProfile Config properties: remote endpoints to measure"
          + " (infer4j.backends.NAME.type=remote ...), settings of the in-process 'gpu' instance.")
  private Path config;

  @Option(names = "--backends", split = ",", paramLabel = "NAME",
      description = "Configured instances to measure besides the in-process model"
          + " (default: every instance of type remote).")
  private List<String> backends;

  @Option(names = "--hardware", split = ",", paramLabel = "ID",
      description = "Simulated platforms (default: all): lpu, h100, h200, a100, l4, b200, mi300x,"
          + " mi325x, tpu-v5e, tpu-v6e.")
  private List<String> hardware;

  @Option(names = "--precision", paramLabel = "P", defaultValue = "fp8",
      description = "Weights on the simulated platforms (default ${DEFAULT-VALUE}): fp8, int8,"
          + " fp16 on all; bf16, q8_0, q4_0 on GPUs only.")
  private String precision;

  @Mixin private RequestOptions requestOptions;

  @Option(names = "--policy", paramLabel = "NAME", defaultValue = "fastest",
      description = "Router policy of the pick: fastest or cheapest-within-budget"
          + " (default ${DEFAULT-VALUE}). The budget flags choose the pick; they do not cut the"
          + " measured runs short.")
  private String policy;

  @Option(names = "--timeout-s", paramLabel = "S", defaultValue = "120",
      description = "Most seconds each measured platform may take (default ${DEFAULT-VALUE}).")
  private long timeoutSeconds;

  @Option(names = "--warm-up-runs", paramLabel = "N", defaultValue = "3",
      description = "Fewest untimed runs of the request (up to " + WARM_UP_SECONDS + " s each)"
          + " by the in-process model before the measured one; more"
          + " follow until one runs with the JIT compiler quiet (within 15 s), so the figures are"
          + " the kernels' and not the compiler's (default ${DEFAULT-VALUE}; 0 measures a cold"
          + " start).")
  private int warmUpRuns;

  @Option(names = "--json", description = "Print one JSON object instead of the table.")
  private boolean json;

  @Override
  public boolean printsJson() {
    return json;
  }

  @Option(names = "--chart", paramLabel = "FILE.png|FILE.svg",
      description = "Also draw the platforms (time to first token against tokens/s) into a PNG or"
          + " SVG file.")
  private Path chart;

  @Override
  public Integer call() {
    // Everything a user can get wrong is checked before the slow part.
    List<String> simulated = SimulatedPlatforms.checked(
        hardware == null ? SimulatedPlatforms.all() : hardware);
    String weights = SimulatedPlatforms.checkedPrecision(precision);
    RouterPick.Policy pickPolicy = RouterPick.Policy.fromId(policy);
    InferenceRequest budgeted = requestOptions.builder().prompt(prompt).build();
    if (budgeted.sampling().maxTokens() < 1) {
      throw new InvalidRequestException("sampling.maxTokens",
          "--max-tokens must be at least 1 to compare platforms: " + budgeted.sampling().maxTokens());
    }
    checkCounts();
    checkChartPath();
    BackendOptions.checkContextLength("--context-length", contextLength);
    Config base = CliConfig.load(config).withFlags(Map.of());
    List<String> measured = measuredInstances(base, simulated);
    Map<String, OptionalDouble> costs = new LinkedHashMap<>();
    measured.forEach(name -> costs.put(name, cost(base, name)));
    ComparedModel compared = ComparedModel.resolve(modelToCompare(base), tokenizerToUse(base));
    Config settings = CliConfig.load(config).withFlags(inProcessFlags(base, compared, false));
    // CUDA where present: unless the device is configured, the in-process model tries CUDA first.
    Config onCuda = base.getOptionalValue(instanceKey("device"), String.class).isPresent() ? null
        : CliConfig.load(config).withFlags(inProcessFlags(base, compared, true));

    List<PlatformRow> rows = new ArrayList<>();
    MeasuredPlatforms.Outcome local;
    ProgressLine progress = progressLine(1 + measured.size());
    try {
      Duration timeout = Duration.ofSeconds(timeoutSeconds);
      InferenceRequest localRequest =
          requestOptions.samplingBuilder().prompt(prompt).budget(LatencyBudget.ofTotal(timeout)).build();
      local = MeasuredPlatforms.measure(IN_PROCESS,
          () -> openInProcess(onCuda, settings), warmUp(localRequest), localRequest,
          compared.runPrecision(), OptionalDouble.empty(), progress);
      rows.add(local.row());
      for (String name : measured) {
        rows.add(MeasuredPlatforms.measure(name, () -> InferenceClients.fromConfig(settings, name),
            requestOptions.samplingBuilder().user(prompt).budget(LatencyBudget.ofTotal(timeout))
                .build(),
            "", costs.get(name), progress).row());
      }
    } finally {
      progress.finish();
    }

    // The simulated workload: the in-process run's own counts when it ran the compared model,
    // else the prompt's estimated length and the whole --max-tokens.
    int maxTokens = budgeted.sampling().maxTokens();
    int promptTokens = compared.sameModel()
        ? local.response().map(r -> r.usage().promptTokens()).orElse(estimatedPromptTokens())
        : estimatedPromptTokens();
    int outputTokens = compared.sameModel()
        ? local.response().map(r -> Math.max(1, r.usage().completionTokens())).orElse(maxTokens)
        : maxTokens;
    rows.addAll(SimulatedPlatforms.plan(compared.shape(), simulated, weights, promptTokens, outputTokens));

    // The router's pick among the rows with figures for the compared model.
    List<RouterPick.Candidate> candidates = new ArrayList<>();
    for (PlatformRow r : rows) {
      boolean otherModel = r == local.row() && !compared.sameModel();
      r.figures().filter(f -> !otherModel).ifPresent(f -> candidates.add(
          new RouterPick.Candidate(r.platform(), f.estimate(), f.costPerMillionTokens())));
    }
    RouterPick.Pick pick = RouterPick.pick(candidates,
        budgeted.toBuilder().maxTokens(outputTokens).build(), pickPolicy);
    Comparison comparison = new Comparison(prompt,
        local.response().map(InferenceResponse::text).orElse(""), compared, promptTokens,
        outputTokens, weights, rows,
        candidates.stream().map(RouterPick.Candidate::platform).collect(Collectors.toSet()),
        millis(budgeted.budget().timeToFirstToken()), millis(budgeted.budget().total()),
        pickPolicy, pick);

    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(ComparisonJson.toJson(comparison));
    } else {
      ComparisonTable.print(comparison, out);
    }
    if (chart != null) {
      ComparisonChart.write(comparison, chart);
      if (!json) {
        out.println("chart: " + chart);
      }
    }
    out.flush();
    // A row with figures is an answer; with none (the in-process run failed, and every simulation
    // too), the table still shows why, and the exit code is the in-process run's error's.
    if (rows.stream().noneMatch(r -> r.figures().isPresent()) && local.error().isPresent()) {
      return ExitCode.of(local.error().get()).code();
    }
    return ExitCode.SUCCESS.code();
  }

  /** A progress line on a terminal's stderr; nothing elsewhere. */
  private ProgressLine progressLine(int steps) {
    return spec.root().userObject() instanceof Infer4jCommand root && root.interactive()
        ? new ProgressLine(spec.commandLine().getErr(), steps)
        : ProgressLine.NONE;
  }

  /** {@code --model}, else the in-process instance's configured model, else {@code infer4j.model}, else the embedded one. */
  private String modelToCompare(Config base) {
    if (model != null) {
      return model;
    }
    return base.getOptionalValue(instanceKey("model"), String.class)
        .or(() -> base.getOptionalValue(BackendConfig.MODEL_KEY, String.class))
        .filter(v -> !v.isBlank())
        .orElse(ModelSources.EMBEDDED);
  }

  /** {@code --tokenizer}, else the in-process instance's configured tokenizer. */
  private Path tokenizerToUse(Config base) {
    return tokenizer != null ? tokenizer
        : base.getOptionalValue(instanceKey("tokenizer"), String.class).map(Path::of).orElse(null);
  }

  private static String instanceKey(String key) {
    return BackendConfig.BACKENDS_PREFIX + IN_PROCESS + "." + key;
  }

  /**
   * {@code --backends}, else every configured instance of type {@code remote}; each checked to be
   * a configured instance or a provider, named once, and not named like another platform.
   *
   * @throws InvalidRequestException naming {@code backends}
   */
  private List<String> measuredInstances(Config base, List<String> simulated) {
    List<String> names = backends == null ? remoteInstances(base) : backends.stream().map(String::strip).toList();
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      boolean configured = base.getOptionalValue(BackendConfig.BACKENDS_PREFIX + name + ".type", String.class)
          .isPresent();
      if (!configured && !InferenceClients.availableProviders().contains(name)) {
        throw new InvalidRequestException("backends", "no backend instance named '" + name
            + "': configure infer4j.backends." + name + ".type in --config, or name a provider ("
            + String.join(", ", InferenceClients.availableProviders()) + ")");
      }
      if (name.equals(IN_PROCESS) || simulated.contains(name) || !seen.add(name)) {
        throw new InvalidRequestException("backends", "'" + name + "' is named twice (the"
            + " in-process model is '" + IN_PROCESS + "', the simulated platforms are "
            + String.join(", ", simulated) + ")");
      }
    }
    return List.copyOf(names);
  }

  /**
   * The untimed runs before the measured one: the same request, time-bounded, at least {@code
   * --warm-up-runs} of them and then on until the JIT compiler is quiet ({@link WarmUp}). As long
   * as the measured one, so that they run the code of every position it reaches: runs of 32
   * tokens left the embedded model's kernels compiling during a measured run of 200 (834 tokens/s
   * measured, 2,424-4,261 after warm-up runs of 200; 2-core Xeon, 2026-12-06).
   */
  private WarmUp warmUp(InferenceRequest request) {
    InferenceRequest warmUp = request.toBuilder()
        .budget(LatencyBudget.ofTotal(Duration.ofSeconds(WARM_UP_SECONDS)))
        .build();
    return WarmUp.untilCompiled(warmUp, warmUpRuns);
  }

  /**
   * The in-process instance on CUDA when {@code onCuda} is given and a CUDA device can take the
   * model, else as configured (the CPU path unless the configuration says otherwise).
   */
  private static InferenceClient openInProcess(Config onCuda, Config settings) {
    if (onCuda != null) {
      try {
        return InferenceClients.fromConfig(onCuda, IN_PROCESS);
      } catch (BackendUnavailableException noCuda) {
        // no driver, no NVRTC or no device here: the CPU path measures this machine instead
      }
    }
    return InferenceClients.fromConfig(settings, IN_PROCESS);
  }

  /**
   * The in-process instance's model keys (and {@code device=cuda}), above every other source;
   * {@code warm-up=0s} unless configured.
   */
  private Map<String, String> inProcessFlags(Config base, ComparedModel compared, boolean cuda) {
    Map<String, String> flags = new LinkedHashMap<>();
    if (cuda) {
      flags.put(instanceKey("device"), "cuda");
    }
    if (base.getOptionalValue(instanceKey(BackendOptions.WARM_UP), String.class).isEmpty()) {
      // compare warms the model up with the measured request itself (WarmUp)
      flags.put(instanceKey(BackendOptions.WARM_UP), "0s");
    }
    flags.put(instanceKey("model"), compared.runFile().toString());
    if (tokenizer != null && compared.sameModel()) {
      flags.put(instanceKey("tokenizer"), tokenizer.toString());
    }
    if (contextLength != null) {
      flags.put(instanceKey("context-length"), contextLength.toString());
    }
    return flags;
  }

  /** Every configured instance of type {@code remote}, by name. */
  private static List<String> remoteInstances(Config settings) {
    TreeSet<String> names = new TreeSet<>();
    for (String key : settings.getPropertyNames()) {
      Matcher m = BackendOptions.INSTANCE_TYPE.matcher(key);
      if (m.matches() && settings.getOptionalValue(key, String.class)
          .map(v -> v.strip().equalsIgnoreCase("remote")).orElse(false)) {
        names.add(m.group(1));
      }
    }
    return List.copyOf(names);
  }

  /** The instance's {@code cost-per-million-tokens}, read as the router reads it (a number >= 0). */
  private static OptionalDouble cost(Config settings, String instance) {
    String key = BackendConfig.BACKENDS_PREFIX + instance + ".cost-per-million-tokens";
    Optional<String> value = settings.getOptionalValue(key, String.class);
    if (value.isEmpty()) {
      return OptionalDouble.empty();
    }
    double cost;
    try {
      cost = Double.parseDouble(value.get().strip());
    } catch (NumberFormatException e) {
      throw new InvalidConfigurationException(key, value.get(), "not a number of US dollars");
    }
    if (!(cost >= 0) || Double.isInfinite(cost)) {
      throw new InvalidConfigurationException(key, value.get(), "must be a finite number >= 0");
    }
    return OptionalDouble.of(cost);
  }

  /** About four characters a token (the router's own rule), when no model counted the prompt. */
  private int estimatedPromptTokens() {
    return Math.max(1, prompt.length() / 4);
  }

  /** A budget part in milliseconds; empty when not set ({@code null}). */
  private static OptionalDouble millis(Duration d) {
    return d == null ? OptionalDouble.empty() : OptionalDouble.of(d.toNanos() / 1e6);
  }

  private void checkCounts() {
    if (timeoutSeconds < 1) {
      throw new InvalidRequestException("timeout-s",
          "--timeout-s must be at least 1 second: " + timeoutSeconds);
    }
    if (warmUpRuns < 0) {
      throw new InvalidRequestException("warm-up-runs",
          "--warm-up-runs must be 0 or more: " + warmUpRuns);
    }
  }

  /** A chart file must end in .png or .svg and go into an existing, writable folder. */
  private void checkChartPath() {
    if (chart == null) {
      return;
    }
    String problem = null;
    try {
      ComparisonChart.Format.of(chart);
    } catch (IllegalArgumentException e) {
      problem = e.getMessage();
    }
    Path folder = chart.toAbsolutePath().getParent();
    if (problem == null && Files.isDirectory(chart)) {
      problem = "it is a folder";
    } else if (problem == null && (folder == null || !Files.isDirectory(folder))) {
      problem = "the folder " + folder + " does not exist";
    } else if (problem == null && !Files.isWritable(folder)) {
      problem = "the folder " + folder + " is not writable";
    } else if (problem == null && Files.exists(chart) && !Files.isWritable(chart)) {
      problem = "the file exists and is not writable";
    }
    if (problem != null) {
      throw new InvalidRequestException("chart", "--chart " + chart + ": " + problem);
    }
  }
}
