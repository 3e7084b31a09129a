package io.infer4j.gpu.internal;

import io.infer4j.gpu.GpuHardware;
import io.infer4j.runtime.shape.CostAndEnergy;

import io.infer4j.InvalidRequestException;
import io.infer4j.gpu.GpuPlan;
import io.infer4j.gpu.GpuPlanRequest;
import io.infer4j.gpu.GpuSpec;
import io.infer4j.gpu.ModelDoesNotFitException;
import io.infer4j.gpu.StepBreakdown;
import io.infer4j.runtime.shape.ModelCatalog;
import io.infer4j.runtime.shape.ModelShape;
import java.util.List;
import java.util.Locale;

/**
 * Turns a {@link GpuPlanRequest} into a {@link GpuPlan}: checks the fit, lists the prefill and decode
 * kernels, and times them on the roofline with the efficiencies of the request's engine ({@link
 * EngineProfile}). Deterministic and stateless.
 */
public final class TimingModel {

  private TimingModel() {}

  /** Plans {@code request}; see {@link io.infer4j.gpu.GpuPlanner#plan(GpuPlanRequest)}. */
  public static GpuPlan plan(GpuPlanRequest request) {
    return plan(ModelCatalog.get(request.model()), request);
  }

  /** Plans a model given by its shape (e.g. read from a GGUF file); {@code request.model()} is only a label. */
  public static GpuPlan plan(ModelShape shape, GpuPlanRequest request) {
    long tokens = (long) request.promptTokens() + request.outputTokens();
    if (tokens > shape.maxContext()) {
      throw new InvalidRequestException(
          "promptTokens",
          "prompt + output = " + tokens + " tokens exceeds " + shape.name() + "'s context of "
              + shape.maxContext());
    }
    if (shape.heads() % request.gpus() != 0) {
      throw new InvalidRequestException(
          "gpus",
          request.gpus() + " GPUs do not divide " + shape.name() + "'s " + shape.heads()
              + " attention heads (tensor parallelism splits heads evenly)");
    }
    EngineProfile engine = EngineProfile.of(request.engine());
    engine.check(request);
    GpuSpec gpu = request.hardware().spec();
    Shard shard = new Shard(shape, request.gpus());
    int act = engine.activationBytes();
    MemoryFootprint memory = MemoryFootprint.of(shard, request.precision(), request.batch(), tokens, act);
    long available = gpu.hbmBytes() - TimingConstants.RUNTIME_RESERVE_BYTES;
    if (memory.total() > available) {
      throw doesNotFit(request, shape, memory, available, engine);
    }

    Roofline roofline = new Roofline(gpu, request.precision(), engine);
    StepBuilder steps = new StepBuilder(shard, request.precision(), act);
    // An engine without batched decode runs the batch's sequences in turn, each a batch of one.
    int together = engine.batchedDecode() ? request.batch() : 1;
    int turns = request.batch() / together;
    List<StepOp> prefillOps = steps.prefill(together, request.promptTokens());
    long prefillLaunches = engine.launches(prefillOps, shape.layers(),
        engine.prefillPasses(request.promptTokens()));
    StepTiming prefill =
        roofline.time(prefillOps, Phase.PREFILL, prefillLaunches).times(turns);
    // Decode step i (i = 1 .. output-1) attends to prompt + i tokens: the mean is prompt + output/2.
    double meanContext = request.promptTokens() + request.outputTokens() / 2.0;
    List<StepOp> decodeOps = steps.decode(together, meanContext);
    StepTiming decode = roofline.time(decodeOps, Phase.DECODE,
        engine.launches(decodeOps, shape.layers(), 1)).times(turns);

    double ttftMs = prefill.seconds() * 1e3;
    double itlMs = decode.seconds() * 1e3;
    double prefillTokensPerS = (double) request.batch() * request.promptTokens() / prefill.seconds();
    CostAndEnergy costAndEnergy = costAndEnergy(request, request.batch() * 1e3 / itlMs, prefillTokensPerS);
    return new GpuPlan(
        shape.name(),
        request.hardware(),
        request.gpus(),
        request.precision(),
        request.engine(),
        request.promptTokens(),
        request.outputTokens(),
        request.batch(),
        request.precision().bytesFor(shape.parameterCount()),
        memory.total() * request.gpus(),
        gpu.hbmBytes() * request.gpus(),
        ttftMs,
        itlMs,
        1e3 / itlMs,
        prefillTokensPerS,
        breakdown(prefill),
        breakdown(decode),
        costAndEnergy);
  }

  /** Power and price of the plan's accelerators: the request's figures, else the defaults. */
  private static CostAndEnergy costAndEnergy(
      GpuPlanRequest request, double outputTokensPerS, double inputTokensPerS) {
    GpuHardware hw = request.hardware();
    boolean givenWatts = !Double.isNaN(request.wattsPerUnit());
    boolean givenPrice = !Double.isNaN(request.usdPerHour());
    double watts = givenWatts ? request.wattsPerUnit() : hw.spec().maxPowerWatts();
    String powerSource = givenWatts ? "given"
        : Double.isNaN(watts) ? "not in the vendor's documentation" : "datasheet maximum";
    double price = givenPrice ? request.usdPerHour() : hw.usdPerHour();
    String priceSource = givenPrice ? "given" : hw.priceSource();
    return new CostAndEnergy(request.gpus(), watts, powerSource, price, priceSource,
        outputTokensPerS, inputTokensPerS);
  }

  private static ModelDoesNotFitException doesNotFit(
      GpuPlanRequest request, ModelShape shape, MemoryFootprint memory, long available,
      EngineProfile engine) {
    int fits = 0;
    int most = Math.min(engine.maxGpus(), request.hardware().maxUnits());
    boolean slices = request.hardware().maxUnits() == GpuPlanRequest.MAX_TPU_CHIPS;
    for (int n = request.gpus() + 1; n <= most && fits == 0; n++) {
      // a TPU plan takes whole slices (1, 4, 8, .. chips), a GPU plan any count of one node
      if (shape.heads() % n == 0 && (!slices || request.hardware().unitCounts().contains(n))) {
        long need =
            MemoryFootprint.of(new Shard(shape, n), request.precision(), request.batch(),
                    (long) request.promptTokens() + request.outputTokens(), engine.activationBytes())
                .total();
        if (need <= available) {
          fits = n;
        }
      }
    }
    String unit = request.hardware().unitName();
    String message =
        String.format(
            Locale.ROOT,
            "%s at %s does not fit %d x %s: needs %,d bytes per %s (weights %,d + KV cache %,d +"
                + " workspace %,d), %,d available per %s (%,d minus %,d runtime reserve); %s",
            shape.name(), request.precision().id(), request.gpus(), request.hardware().id(),
            memory.total(), unit, memory.weights(), memory.kvCache(), memory.workspace(),
            available, unit, request.hardware().spec().hbmBytes(),
            TimingConstants.RUNTIME_RESERVE_BYTES,
            fits > 0
                ? "use --gpus " + fits + (slices ? " (a slice of " + fits + " chips)" : "")
                : engine.maxGpus() == 1
                    ? "the " + engine.engine().id() + " engine runs on one GPU"
                    : "no tensor-parallel degree up to " + most + " fits");
    return new ModelDoesNotFitException(message, memory.total(), available, request.gpus(), fits);
  }

  private static StepBreakdown breakdown(StepTiming t) {
    return new StepBreakdown(
        t.memoryBound() * 1e3, t.computeBound() * 1e3, t.launchOverhead() * 1e3, t.collectives() * 1e3);
  }
}
