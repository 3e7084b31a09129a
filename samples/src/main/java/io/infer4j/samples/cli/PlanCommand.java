package io.infer4j.samples.cli;

import io.infer4j.InvalidRequestException;
import io.infer4j.gpu.GpuEngine;
import io.infer4j.gpu.GpuHardware;
import io.infer4j.gpu.GpuPlan;
import io.infer4j.gpu.ModelDoesNotFitException;
import io.infer4j.lpu.InsufficientChipsException;
import io.infer4j.lpu.LpuPlan;
import io.infer4j.lpu.LpuPlanRequest;
import io.infer4j.runtime.shape.CapacityPlan;
import io.infer4j.runtime.shape.CapacitySearch;
import io.infer4j.runtime.shape.DisaggregatedCapacity;
import io.infer4j.runtime.shape.GoodputPerUnit;
import io.infer4j.runtime.shape.JsonLine;
import io.infer4j.runtime.shape.KvLink;
import io.infer4j.runtime.shape.ModelCatalog;
import io.infer4j.runtime.shape.ModelShape;
import io.infer4j.runtime.shape.ReplicaFigures;
import io.infer4j.runtime.shape.ServingLoad;
import io.infer4j.samples.cli.internal.ModelFiles;
import io.infer4j.samples.cli.internal.compare.SimulatedPlatforms;
import io.infer4j.samples.cli.internal.plan.CapacityCandidates;
import io.infer4j.samples.cli.internal.plan.ChartFile;
import io.infer4j.samples.cli.internal.plan.CostLatencyChart;
import io.infer4j.samples.cli.internal.plan.ConcurrencyReport;
import io.infer4j.samples.cli.internal.plan.ConcurrencySweep;
import io.infer4j.samples.cli.internal.plan.CountSweep;
import io.infer4j.samples.cli.internal.plan.DisaggregatedReport;
import io.infer4j.samples.cli.internal.plan.GoodputReport;
import io.infer4j.samples.cli.internal.plan.HardwareComparison;
import io.infer4j.samples.cli.internal.plan.HbmComparison;
import io.infer4j.samples.cli.internal.plan.PlanSettings;
import io.infer4j.samples.cli.internal.plan.Pool;
import io.infer4j.samples.cli.internal.plan.ReplicaTiming;
import io.infer4j.samples.cli.internal.plan.SweepChart;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code infer4j plan}: how fast a catalog model would run on N LPU chips or N GPUs, from the
 * timing models alone (no weights, no device). Too few chips or GPUs for the weights is an
 * InvalidRequestException line naming how many are needed. Prompt and output lengths not given
 * default to what fits the model's context ({@link PlanWorkload}). GPU figures are for the engine
 * {@code --engine} names (a tuned engine by default, or infer4j's own CUDA path), and the output
 * says which.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Predicts latency and memory of a catalog model on LPU chips or GPUs (a what-if;"
        + " nothing runs).")
public final class PlanCommand implements Callable<Integer>, JsonOutput {

  @Spec private CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "NAME|PATH",
      description = "Catalog model (llama-2-7b, llama-2-13b, llama-2-70b, llama-3.1-8b, llama-3.1-70b,"
          + " llama-3.1-405b, llama-3.3-70b, mixtral-8x7b, qwen2.5-7b, qwen2.5-72b, qwen3-32b,"
          + " qwen3-30b-a3b, qwen3-235b-a22b, gpt-oss-20b, gpt-oss-120b, tinyllama-1.1b, stories260K)"
          + " or a model file"
          + " (GGUF, or llama2.c .bin with --tokenizer) whose shape is read from its header.")
  private String model;

  @Option(names = "--tokenizer", paramLabel = "PATH",
      description = "Tokenizer of a llama2.c checkpoint given as --model.")
  private java.nio.file.Path tokenizer;

  @Option(names = "--hardware", paramLabel = "HW",
      description = "lpu, h100, h200, a100, l4, b200, mi300x, mi325x, tpu-v5e or tpu-v6e.")
  private String hardware;

  @Option(names = "--chips", paramLabel = "N",
      description = "LPU chips (default: as few as fit).")
  private Integer chips;

  @Option(names = "--gpus", paramLabel = "N", description = "GPUs in tensor parallel (default 1).")
  private Integer gpus;

  @Option(names = "--precision", paramLabel = "P",
      description = "Weights: int8|fp8|fp16 on the LPU (default int8);"
          + " bf16|fp16|fp8|int8|q8_0|q4_0 on GPUs (default bf16).")
  private String precision;

  @Option(names = "--engine", paramLabel = "E",
      description = "GPU figures for: tuned (default; a well-tuned engine on that GPU, validated"
          + " against published figures) or infer4j (infer4j's own CUDA path, from efficiencies"
          + " measured on a real device).")
  private String engine;

  @Option(names = "--prompt-tokens", paramLabel = "N",
      description = "Prompt length (default 128, or half the model's context when 128 + 128 do not fit).")
  private Integer promptTokens;

  @Option(names = "--output-tokens", paramLabel = "N",
      description = "Output length (default 128, or what the context leaves after the prompt).")
  private Integer outputTokens;

  @Option(names = "--batch", paramLabel = "N",
      description = "Concurrent sequences (default 1; with --rate, the best of 1, 2, 4, ... 256).")
  private Integer batch;

  @Option(names = "--rate", paramLabel = "R",
      description = "Capacity for a load: the smallest system (chips or GPUs, batch, replicas) that"
          + " serves R requests/s within --ttft-slo and --tpot-slo, with continuous batching.")
  private Double rate;

  @Option(names = "--ttft-slo", paramLabel = "MS",
      description = "With --rate: time to first token, 99th percentile, in ms.")
  private Double ttftSlo;

  @Option(names = "--tpot-slo", paramLabel = "MS",
      description = "With --rate: time per output token after the first, in ms.")
  private Double tpotSlo;

  @Option(names = "--price-per-hour", paramLabel = "USD",
      description = "Price of one chip or GPU-hour for the cost figures (default: a cited cloud"
          + " list price; none for the LPU).")
  private Double pricePerHour;

  @Option(names = "--watts", paramLabel = "W",
      description = "Power of one chip or GPU for the energy figures (default: its published rated"
          + " power; TPUs have none).")
  private Double watts;

  @Option(names = "--prefill", paramLabel = "HW[:N]",
      description = "Disaggregated serving, with --decode and --rate: the prefill pool's hardware"
          + " (and chips or GPUs per replica; default: every count that fits).")
  private String prefillPool;

  @Option(names = "--decode", paramLabel = "HW[:N]",
      description = "Disaggregated serving: the decode pool's hardware (and count per replica).")
  private String decodePool;

  @Option(names = "--link", paramLabel = "L",
      description = "What the KV cache crosses from prefill to decode: nvlink, infiniband (default),"
          + " ethernet or c2c.")
  private String link;

  @Option(names = "--goodput",
      description = "With --prefill and --decode of one hardware, --ttft-slo and --tpot-slo (no"
          + " --rate): goodput per chip or GPU (the most requests/s within the SLOs, per unit) of"
          + " the disaggregated system, at its best ratio of prefill to decode replicas, against the"
          + " best aggregated replica of that hardware, as DistServe compares them.")
  private boolean goodput;

  @Option(names = "--ttft-percentile", paramLabel = "P",
      description = "With --goodput: the percentile --ttft-slo is on (default 99; DistServe states"
          + " its SLOs on the 90th).")
  private Double ttftPercentile;

  @Option(names = "--concurrency", split = ",", paramLabel = "N[,N...]",
      description = "A closed loop of N clients, each sending its next request when the last one"
          + " ends (as genai-perf and published concurrency tables measure): mean TTFT, TPOT and"
          + " throughput of one --hardware replica, or of --prefill and --decode pools. Several"
          + " values: one row each, on the same system (sized for the largest).")
  private List<Integer> concurrency;

  @Option(names = "--prefill-replicas", paramLabel = "N",
      description = "With --concurrency, --prefill and --decode: prefill replicas (default 1).")
  private Integer prefillReplicas;

  @Option(names = "--decode-replicas", paramLabel = "N",
      description = "With --concurrency, --prefill and --decode: decode replicas (default 1).")
  private Integer decodeReplicas;

  @Option(names = "--tpot-percentile", paramLabel = "P",
      description = "With --goodput: hold each request's own time per output token at this"
          + " percentile (default: the mean; DistServe states P90), where an aggregated replica's"
          + " prefills pause some requests more than others.")
  private Double tpotPercentile;

  @Option(names = "--compare", split = ",", paramLabel = "HW,HW,...",
      description = "Instead of --hardware: each of these at the fewest chips or GPUs that hold the"
          + " model, side by side, with the Pareto front of cost against inter-token latency; weights"
          + " in --precision (default fp8 on all); --price-per-hour and --watts fill in only where a"
          + " hardware has no price or power (the LPU has no price).")
  private List<String> compare;

  @Option(names = "--chart", paramLabel = "FILE.png|FILE.svg",
      description = "Also draw a PNG or SVG: inter-token latency, tokens/s, cost and energy against"
          + " the count of chips or GPUs (one --hardware), or cost against latency with the Pareto"
          + " front (--compare).")
  private java.nio.file.Path chart;

  @Option(names = "--json", description = "Print one JSON object instead of a table"
      + " (with --compare, an array).")
  private boolean json;

  @Override
  public boolean printsJson() {
    return json;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    checkCounts();
    if (link != null && prefillPool == null && decodePool == null) {
      throw new InvalidRequestException("link", "--link is for disaggregated plans: give --prefill and"
          + " --decode too");
    }
    checkChart();
    if (ttftPercentile != null && !goodput) {
      throw new InvalidRequestException("ttft-percentile", "--ttft-percentile is for --goodput plans;"
          + " --rate plans hold the first token to its 99th percentile");
    }
    if (tpotPercentile != null && !goodput) {
      throw new InvalidRequestException("tpot-percentile", "--tpot-percentile is for --goodput plans;"
          + " --rate plans hold the mean time per output token");
    }
    if (concurrency != null || prefillReplicas != null || decodeReplicas != null) {
      List<ConcurrencyReport> reports = planConcurrency();
      if (reports.size() == 1) {
        out.println(json ? reports.get(0).toJson() : reports.get(0).toTable());
      } else {
        out.println(json ? ConcurrencySweep.toJson(reports) : ConcurrencySweep.toTable(reports));
      }
      out.flush();
      return ExitCode.SUCCESS.code();
    }
    if (goodput) {
      GoodputReport report = planGoodput();
      out.println(json ? report.toJson() : report.toTable());
      out.flush();
      return ExitCode.SUCCESS.code();
    }
    if (compare != null) {
      HardwareComparison c = planComparison();
      out.println(json ? c.toJson() : c.toTable());
      if (chart != null) {
        CostLatencyChart.write(c, chart);
        printChartLine(out, List.of());
      }
      out.flush();
      return ExitCode.SUCCESS.code();
    }
    if (prefillPool != null || decodePool != null) {
      DisaggregatedReport report = planDisaggregated();
      out.println(json ? report.toJson() : report.toTable());
      out.flush();
      return ExitCode.SUCCESS.code();
    }
    if (hardware == null) {
      throw new InvalidRequestException("hardware", "--hardware is required (or --compare, or --prefill and --decode)");
    }
    if (rate != null || ttftSlo != null || tpotSlo != null) {
      CapacityPlan plan = planCapacity();
      if (json) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", label());
        fields.put("hardware", hardware.strip().toLowerCase(Locale.ROOT));
        fields.putAll(plan.toJsonFields());
        fields.put("simulated", true);
        out.println(JsonLine.writeRounded(fields, 3));
      } else {
        out.printf(Locale.ROOT, "%-14s %s on %s (simulated)%n", "model", label(), hardware);
        out.print(plan.toTable());
      }
      out.flush();
      return ExitCode.SUCCESS.code();
    }
    if ("lpu".equalsIgnoreCase(hardware)) {
      LpuPlan plan = planLpu();
      List<HbmComparison.Row> hbm = HbmComparison.rows(settings(), plan);
      if (json) {
        Map<String, Object> fields = new LinkedHashMap<>(plan.toFields());
        fields.put("hbm_comparison", HbmComparison.toJson(hbm));
        out.println(JsonLine.writeRounded(fields, 3));
      } else {
        out.print(plan.toTable());
        for (String line : HbmComparison.toTable(plan, hbm)) {
          out.printf(Locale.ROOT, "%-20s %s%n", "vs HBM GPUs", line);
        }
      }
      drawSweep(out, chips);
    } else {
      GpuPlan plan = planGpu();
      out.println(json ? plan.toJson() : plan.toTable());
      drawSweep(out, gpus);
    }
    out.flush();
    return ExitCode.SUCCESS.code();
  }

  private LpuPlan planLpu() {
    if (gpus != null) {
      throw new InvalidRequestException("gpus", "--gpus is for GPU hardware; use --chips with lpu");
    }
    if (engine != null) {
      throw new InvalidRequestException("engine",
          "--engine is for GPU hardware (tuned or infer4j); the LPU model has one schedule");
    }
    try {
      return settings().lpu(chips == null ? LpuPlanRequest.FEWEST_THAT_FIT : chips);
    } catch (InsufficientChipsException e) {
      throw new InvalidRequestException("chips", e.getMessage(), e);
    }
  }

  private GpuPlan planGpu() {
    if (chips != null) {
      throw new InvalidRequestException("chips", "--chips is for lpu; use --gpus with GPU hardware");
    }
    GpuHardware hw = GpuHardware.fromId(hardware);
    try {
      return settings().gpu(hw, gpus == null ? 1 : gpus);
    } catch (ModelDoesNotFitException e) {
      throw new InvalidRequestException("gpus", e.getMessage(), e);
    }
  }

  /** {@code --rate}: the smallest system for the load, from every replica configuration that fits. */
  private CapacityPlan planCapacity() {
    ServingLoad load = load();
    ModelShape shape = shape();
    if ("lpu".equalsIgnoreCase(hardware)) {
      if (gpus != null) {
        throw new InvalidRequestException("gpus", "--gpus is for GPU hardware; use --chips with lpu");
      }
      if (engine != null) {
        throw new InvalidRequestException("engine",
            "--engine is for GPU hardware (tuned or infer4j); the LPU model has one schedule");
      }
    } else if (chips != null) {
      throw new InvalidRequestException("chips", "--chips is for lpu; use --gpus with GPU hardware");
    }
    List<ReplicaFigures> candidates = candidates(hardware, "lpu".equalsIgnoreCase(hardware) ? chips : gpus,
        batch, shape);
    return CapacitySearch.smallest(load, candidates, unitName(hardware));
  }

  /**
   * {@code --prefill HW[:N] --decode HW[:N]}: the smallest disaggregated system for the load, next
   * to the smallest aggregated one on each pool's hardware.
   */
  private DisaggregatedReport planDisaggregated() {
    if (prefillPool == null || decodePool == null) {
      String missing = prefillPool == null ? "prefill" : "decode";
      throw new InvalidRequestException(missing, "disaggregated planning needs --prefill and --decode"
          + " together; --" + missing + " is missing");
    }
    if (hardware != null || chips != null || gpus != null) {
      throw new InvalidRequestException("hardware", "--hardware, --chips and --gpus are for one pool;"
          + " with --prefill and --decode give HW:N to each");
    }
    ServingLoad load = load();
    ModelShape shape = shape();
    PlanWorkload workload = workload(shape);
    Pool p = Pool.parse("prefill", prefillPool);
    Pool d = Pool.parse("decode", decodePool);
    if (workload.outputTokens() < 2) {
      throw new InvalidRequestException("output-tokens",
          "a disaggregated plan needs at least 2 output tokens: with one, nothing is left to decode");
    }
    boolean sameKind = p.hardware().equals(d.hardware());
    if (!sameKind && (pricePerHour != null || watts != null)) {
      throw new InvalidRequestException(pricePerHour != null ? "price-per-hour" : "watts",
          "one --price-per-hour or --watts cannot hold for both " + p.hardware() + " and "
              + d.hardware() + "; leave them to each hardware's defaults");
    }
    if (precision == null && p.isLpu() != d.isLpu()) {
      throw new InvalidRequestException("precision", "give --precision for a pool of LPUs and one of"
          + " GPUs: the LPU defaults to int8 weights, GPUs to bf16");
    }
    KvLink kv = link == null ? Pool.defaultLink(p, d) : KvLink.fromId(link);
    Pool.checkLink(kv, p, d);
    long kvBytes = shape.kvValuesPerToken() * workload.promptTokens() * 2L; // FP16 keys and values
    List<ReplicaFigures> prefills = candidates(p.hardware(), p.units(), 1, shape);
    List<ReplicaFigures> decodes = candidates(d.hardware(), d.units(), batch, shape);
    DisaggregatedCapacity split = DisaggregatedCapacity.smallest(load, prefills, decodes,
        (from, to) -> kv.transferMs(kvBytes, from, to));
    Map<String, CapacityPlan> together = new LinkedHashMap<>();
    for (Pool pool : List.of(p, d)) {
      if (!together.containsKey(pool.hardware())) {
        try {
          together.put(pool.hardware(), CapacitySearch.smallest(load,
              candidates(pool.hardware(), null, batch, shape), unitName(pool.hardware())));
        } catch (InvalidRequestException cannot) {
          together.put(pool.hardware(), null); // reported as "cannot meet the SLOs"
        }
      }
    }
    String weights = precision != null ? precision.strip().toLowerCase(Locale.ROOT)
        : p.isLpu() ? "int8 (the LPU's default)" : "bf16 (the GPUs' default)";
    return new DisaggregatedReport(label(), p, d, kv, kvBytes, split, together, weights);
  }

  /**
   * {@code --goodput}: goodput per chip or GPU of the disaggregated system against the aggregated
   * one, pools and aggregated replica of one hardware.
   */
  private GoodputReport planGoodput() {
    if (prefillPool == null || decodePool == null) {
      throw new InvalidRequestException("goodput", "--goodput compares a disaggregated system with an"
          + " aggregated one: give --prefill and --decode");
    }
    if (rate != null) {
      throw new InvalidRequestException("rate", "--goodput finds the most requests/s the SLOs allow;"
          + " leave out --rate");
    }
    if (compare != null || hardware != null || chips != null || gpus != null) {
      throw new InvalidRequestException("hardware", "--hardware, --chips, --gpus and --compare are"
          + " not for --goodput; give HW:N to --prefill and --decode");
    }
    if (ttftSlo == null || tpotSlo == null) {
      String missing = ttftSlo == null ? "ttft-slo" : "tpot-slo";
      throw new InvalidRequestException(missing, "--goodput needs --ttft-slo and --tpot-slo; --"
          + missing + " is missing");
    }
    positive("ttft-slo", ttftSlo);
    positive("tpot-slo", tpotSlo);
    double percentile = ttftPercentile == null ? 99 : ttftPercentile;
    if (!(percentile > 0 && percentile < 100)) {
      throw new InvalidRequestException("ttft-percentile",
          "--ttft-percentile must be above 0 and below 100: " + percentile);
    }
    if (tpotPercentile != null && !(tpotPercentile > 0 && tpotPercentile < 100)) {
      throw new InvalidRequestException("tpot-percentile",
          "--tpot-percentile must be above 0 and below 100: " + tpotPercentile);
    }
    Pool p = Pool.parse("prefill", prefillPool);
    Pool d = Pool.parse("decode", decodePool);
    if (!p.hardware().equals(d.hardware())) {
      throw new InvalidRequestException("goodput", "goodput per chip or GPU compares pools of one"
          + " hardware with that hardware aggregated; " + p.hardware() + " and " + d.hardware()
          + " differ (use --rate to size mixed pools)");
    }
    ModelShape shape = shape();
    PlanWorkload workload = workload(shape);
    if (workload.outputTokens() < 2) {
      throw new InvalidRequestException("output-tokens",
          "a disaggregated plan needs at least 2 output tokens: with one, nothing is left to decode");
    }
    KvLink kv = link == null ? Pool.defaultLink(p, d) : KvLink.fromId(link);
    Pool.checkLink(kv, p, d);
    // the rate is not used by a goodput search; 1 request/s only makes the load valid
    ServingLoad slos = new ServingLoad(1, workload.promptTokens(), workload.outputTokens(), ttftSlo,
        tpotSlo);
    long kvBytes = shape.kvValuesPerToken() * workload.promptTokens() * 2L; // FP16 keys and values
    // aggregated replicas of the pools' own count when both give the same one (DistServe's 1 GPU
    // colocated against 1-GPU workers), else of every count that fits
    Integer aggregatedUnits = java.util.Objects.equals(p.units(), d.units()) ? p.units() : null;
    GoodputPerUnit g = GoodputPerUnit.best(slos, percentile / 100,
        tpotPercentile == null ? Double.NaN : tpotPercentile / 100,
        candidates(p.hardware(), aggregatedUnits, batch, shape), candidates(p.hardware(), p.units(), 1, shape),
        candidates(d.hardware(), d.units(), batch, shape),
        (from, to) -> kv.transferMs(kvBytes, from, to));
    String weights = precision != null ? precision.strip().toLowerCase(Locale.ROOT)
        : p.isLpu() ? "int8 (the LPU's default)" : "bf16 (the GPUs' default)";
    return new GoodputReport(label(), p.hardware(), unitName(p.hardware()), kv, g, weights);
  }

  /**
   * {@code --concurrency N}: one replica of {@code --hardware}, or {@code --prefill} and {@code
   * --decode} pools of {@code --prefill-replicas} and {@code --decode-replicas}, under a closed
   * loop of N clients; one report per N given, all on the system sized for the largest.
   */
  private List<ConcurrencyReport> planConcurrency() {
    if (concurrency == null) {
      throw new InvalidRequestException("concurrency", "--prefill-replicas and --decode-replicas are"
          + " for closed-loop plans: give --concurrency too");
    }
    for (Integer users : concurrency) {
      if (users == null) {
        throw new InvalidRequestException("concurrency", "--concurrency takes whole numbers >= 1,"
            + " separated by commas");
      }
      atLeastOne("concurrency", users);
    }
    List<Integer> sweep = concurrency.stream().distinct().sorted().toList();
    int most = sweep.get(sweep.size() - 1);
    atLeastOne("prefill-replicas", prefillReplicas);
    atLeastOne("decode-replicas", decodeReplicas);
    String other = rate != null ? "rate" : ttftSlo != null ? "ttft-slo" : tpotSlo != null ? "tpot-slo"
        : goodput ? "goodput" : compare != null ? "compare" : batch != null ? "batch" : null;
    if (other != null) {
      throw new InvalidRequestException(other, "--" + other + " is not for --concurrency plans: the"
          + " clients set the load and the batch; the plan reports the latencies they get");
    }
    PlanSettings settings = settings();
    if (prefillPool == null && decodePool == null) {
      if (prefillReplicas != null || decodeReplicas != null) {
        throw new InvalidRequestException(prefillReplicas != null ? "prefill-replicas" : "decode-replicas",
            "replica counts are for disaggregated pools: give --prefill and --decode");
      }
      if (hardware == null) {
        throw new InvalidRequestException("hardware", "--concurrency needs --hardware (or --prefill"
            + " and --decode)");
      }
      boolean lpu = "lpu".equalsIgnoreCase(hardware.strip());
      if (lpu ? gpus != null : chips != null) {
        throw new InvalidRequestException(lpu ? "gpus" : "chips", lpu
            ? "--gpus is for GPU hardware; use --chips with lpu"
            : "--chips is for lpu; use --gpus with GPU hardware");
      }
      ReplicaTiming replica = ReplicaTiming.of(settings, hardware, lpu ? chips : gpus, most,
          "concurrency");
      return sweep.stream().map(users -> ConcurrencyReport.aggregated(label(),
          settings.promptTokens(), settings.outputTokens(), replica, users)).toList();
    }
    if (prefillPool == null || decodePool == null) {
      String missing = prefillPool == null ? "prefill" : "decode";
      throw new InvalidRequestException(missing, "disaggregated planning needs --prefill and --decode"
          + " together; --" + missing + " is missing");
    }
    if (hardware != null || chips != null || gpus != null) {
      throw new InvalidRequestException("hardware", "--hardware, --chips and --gpus are for one pool;"
          + " with --prefill and --decode give HW:N to each");
    }
    Pool p = Pool.parse("prefill", prefillPool);
    Pool d = Pool.parse("decode", decodePool);
    if (settings.outputTokens() < 2) {
      throw new InvalidRequestException("output-tokens",
          "a disaggregated plan needs at least 2 output tokens: with one, nothing is left to decode");
    }
    if (precision == null && p.isLpu() != d.isLpu()) {
      throw new InvalidRequestException("precision", "give --precision for a pool of LPUs and one of"
          + " GPUs: the LPU defaults to int8 weights, GPUs to bf16");
    }
    KvLink kv = link == null ? Pool.defaultLink(p, d) : KvLink.fromId(link);
    Pool.checkLink(kv, p, d);
    int pr = prefillReplicas == null ? 1 : prefillReplicas;
    int dr = decodeReplicas == null ? 1 : decodeReplicas;
    ReplicaTiming prefill = ReplicaTiming.of(settings, p.hardware(), p.units(), 1, "prefill");
    ReplicaTiming decode = ReplicaTiming.of(settings, d.hardware(), d.units(),
        (most + dr - 1) / dr, "concurrency");
    long kvBytes = settings.shape().kvValuesPerToken() * settings.promptTokens() * 2L; // FP16 K and V
    double transferMs = kv.transferMs(kvBytes, prefill.units(), decode.units());
    return sweep.stream().map(users -> ConcurrencyReport.disaggregated(label(),
        settings.promptTokens(), settings.outputTokens(), prefill, pr, decode, dr, kv, transferMs,
        users)).toList();
  }

  private ServingLoad load() {
    if (rate == null || ttftSlo == null || tpotSlo == null) {
      String missing = rate == null ? "rate" : ttftSlo == null ? "ttft-slo" : "tpot-slo";
      throw new InvalidRequestException(missing,
          "capacity planning needs --rate, --ttft-slo and --tpot-slo together; --" + missing + " is missing");
    }
    positive("rate", rate);
    positive("ttft-slo", ttftSlo);
    positive("tpot-slo", tpotSlo);
    checkCounts();
    PlanWorkload workload = workload(shape());
    return new ServingLoad(rate, workload.promptTokens(), workload.outputTokens(), ttftSlo, tpotSlo);
  }

  /** What one unit of {@code hw} is called: "chip" for the LPU and TPUs, else "GPU". */
  private static String unitName(String hw) {
    return "lpu".equalsIgnoreCase(hw) ? "chip" : GpuHardware.fromId(hw).unitName();
  }

  /**
   * Replica configurations of {@code hw} for capacity planning: {@code units} chips or GPUs (null:
   * every count that fits) at {@code batchGiven} (null: every batch that fits).
   */
  private List<ReplicaFigures> candidates(String hw, Integer units, Integer batchGiven,
      ModelShape shape) {
    try {
      return candidatesOrThrow(hw, units, batchGiven, shape);
    } catch (ModelDoesNotFitException e) {
      throw new InvalidRequestException("gpus", e.getMessage(), e);
    } catch (InsufficientChipsException e) {
      throw new InvalidRequestException("chips", e.getMessage(), e);
    }
  }

  private List<ReplicaFigures> candidatesOrThrow(String hw, Integer units, Integer batchGiven,
      ModelShape shape) {
    PlanSettings settings = settings();
    if ("lpu".equalsIgnoreCase(hw)) {
      return CapacityCandidates.lpu(shape,
          settings.lpuOptions(units == null ? LpuPlanRequest.FEWEST_THAT_FIT : units), batchGiven);
    }
    GpuHardware gpu = GpuHardware.fromId(hw);
    return CapacityCandidates.gpu(shape, units, gpu.unitCounts(), batchGiven,
        (n, b) -> settings.withBatch(b).gpuRequest(gpu, n));
  }

  /** Counts, lengths, price and power given must be numbers a plan can use. */
  private void checkCounts() {
    atLeastOne("gpus", gpus);
    atLeastOne("chips", chips);
    atLeastOne("batch", batch);
    atLeastOne("prompt-tokens", promptTokens);
    atLeastOne("output-tokens", outputTokens);
    if (pricePerHour != null && !(pricePerHour >= 0 && pricePerHour < Double.POSITIVE_INFINITY)) {
      throw new InvalidRequestException("price-per-hour",
          "--price-per-hour must be a finite amount >= 0: " + pricePerHour);
    }
    if (watts != null) {
      positive("watts", watts);
    }
  }

  private static void atLeastOne(String flag, Integer value) {
    if (value != null && value < 1) {
      throw new InvalidRequestException(flag, "--" + flag + " must be at least 1: " + value);
    }
  }

  /** What every single plan is asked for: the flags, with each hardware's defaults where absent. */
  private PlanSettings settings() {
    ModelShape shape = shape();
    PlanWorkload workload = workload(shape);
    return new PlanSettings(shape, label(), workload.promptTokens(), workload.outputTokens(),
        batch == null ? 1 : batch, precision,
        engine == null ? GpuEngine.TUNED : GpuEngine.fromId(engine),
        pricePerHour == null ? Double.NaN : pricePerHour, watts == null ? Double.NaN : watts);
  }

  /**
   * {@code --chart}, before anything runs: a path that can be written (else an invalid request
   * naming it), and a single plan or {@code --compare} to draw.
   */
  private void checkChart() {
    if (chart == null) {
      return;
    }
    ChartFile.problem(chart).ifPresent(problem -> {
      throw new InvalidRequestException("chart", "--chart " + chart + ": " + problem);
    });
    if (rate != null || ttftSlo != null || tpotSlo != null || prefillPool != null || decodePool != null
        || concurrency != null) {
      throw new InvalidRequestException("chart", "--chart draws one hardware against its chip or GPU"
          + " count, or a --compare; not --rate, --concurrency or --prefill/--decode plans");
    }
  }

  /** {@code --chart} for one hardware: every count of {@link CountSweep}, and {@code given}. */
  private void drawSweep(PrintWriter out, Integer given) {
    if (chart == null) {
      return;
    }
    PlanSettings s = settings();
    List<String> missing = SweepChart.write(CountSweep.of(hardware, s, given), s.model(),
        s.promptTokens(), s.outputTokens(), s.batch(), chart);
    printChartLine(out, missing);
  }

  private void printChartLine(PrintWriter out, List<String> missing) {
    if (!json) {
      out.println("chart: " + chart + (missing.isEmpty() ? "" : " (not drawn: " + String.join("; ", missing) + ")"));
    }
  }

  /** {@code --compare}: each hardware at its fewest units, one precision for all (default fp8). */
  private HardwareComparison planComparison() {
    if (hardware != null || chips != null || gpus != null || rate != null || ttftSlo != null
        || tpotSlo != null || prefillPool != null || decodePool != null) {
      throw new InvalidRequestException("compare", "--compare plans each hardware at the fewest chips"
          + " or GPUs that hold the model; leave out --hardware, --chips, --gpus, --rate and"
          + " --prefill/--decode");
    }
    List<String> ids = SimulatedPlatforms.checked(compare);
    String weights = SimulatedPlatforms.checkedPrecision(precision == null ? "fp8" : precision);
    return HardwareComparison.plan(ids, settings().withPrecision(weights).withDefaultPriceAndPower(),
        pricePerHour == null ? Double.NaN : pricePerHour, watts == null ? Double.NaN : watts);
  }

  private static void positive(String flag, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new InvalidRequestException(flag, "--" + flag + " must be a positive number: " + value);
    }
  }

  /** The lengths to plan for: the flags, or defaults that fit the model's context. */
  private PlanWorkload workload(ModelShape shape) {
    return PlanWorkload.fit(promptTokens, outputTokens, shape.maxContext(), label());
  }

  /** The shape of the model file {@code --model} names, else of the catalog model of that name. */
  private ModelShape shape() {
    ModelShape fromFile = shapeFromFile();
    return fromFile != null ? fromFile : ModelCatalog.get(model);
  }

  /** The model's shape when {@code --model} names a file, else null (a catalog name). */
  private ModelShape shapeFromFile() {
    java.nio.file.Path file = java.nio.file.Path.of(model);
    if (!java.nio.file.Files.isRegularFile(file)) {
      return null;
    }
    return ModelFiles.read(file, tokenizer, label()).shape();
  }

  /** The name plans carry: the catalog name, or the file name. */
  private String label() {
    java.nio.file.Path name = java.nio.file.Path.of(model).getFileName();
    return java.nio.file.Files.isRegularFile(java.nio.file.Path.of(model)) && name != null
        ? name.toString() : model;
  }
}
