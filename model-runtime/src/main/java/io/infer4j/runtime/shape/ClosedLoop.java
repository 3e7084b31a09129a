package io.infer4j.runtime.shape;

import java.util.HashMap;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToDoubleFunction;

/**
 * A serving system under a closed loop of {@code users} clients, each sending its next request as
 * soon as the last one's final token arrives (no think time): how benchmark tools such as
 * genai-perf, LLMPerf and vLLM's {@code benchmark_serving --max-concurrency} load a server at a
 * fixed concurrency, and how NVIDIA and others publish figures. The mean of each figure in steady
 * state. Immutable.
 *
 * <p><b>Model.</b> A request's life is a prefill of {@code S}, then {@code O - 1} decode steps.
 * Decode steps run the sequences then decoding together, so one takes {@code D(b)} at a batch of
 * {@code b} (interpolated linearly between whole batches). Prefills are a queue (one replica's
 * prefill unit, or {@code m} prefill replicas, taken as one station of service {@code S / m} and a
 * delay of {@code S (m - 1) / m}, Seidmann's approximation), solved with exact mean value analysis
 * for {@code users} clients (exponential service: conservative for prompts of one length);
 * everything else is a delay. Then, as in {@link ReplicaUnderLoad}:
 *
 * <ul>
 *   <li><b>aggregated</b> (one replica does both): prefills run between decode steps, prefill
 *       first, so a request also waits for the other clients' decode step in progress (half a
 *       step on average, times the others' share {@code (n - 1) / n} of the {@code n} clients),
 *       and the time per output token is {@code D(b) / (1 - rho (n - 1) / n)}, with {@code rho =
 *       X S} the prefills' share of the replica's time ({@code X} requests per second), of which
 *       the other clients' prefills interrupt a client's decoding (one client alone: {@code D(1)});
 *   <li><b>disaggregated</b>: decode replicas never stop for a prefill; the KV cache's transfer
 *       {@code T} delays the second token, so the time per output token is {@code D(b) + T / (O -
 *       1)}.
 * </ul>
 *
 * The batch is Little's law on the decode phase, {@code b = X (O - 1) tpot / decode replicas}, and
 * the time per output token that makes the loop consistent is found by bisection.
 *
 * @param users clients in the loop (the concurrency)
 * @param outputTokens tokens each request generates
 * @param requestsPerSecond completed requests per second, the whole system
 * @param ttftMs mean time to first token, ms: prefill queue, prefill, and (aggregated) half a decode step
 * @param tpotMs mean time per output token after the first, ms (NaN with one output token)
 * @param decodeBatch mean sequences in one decode replica's steps
 * @param prefillBusy share of the time each prefill unit is busy (aggregated: the prefills' share of
 *     the replica's time)
 */
public record ClosedLoop(int users, int outputTokens, double requestsPerSecond, double ttftMs,
    double tpotMs, double decodeBatch, double prefillBusy) {

  private static final int BISECTION_STEPS = 200;
  private static final int MAX_DOUBLINGS = 200;

  /** {@return mean time from sending a request to its last token, ms} */
  public double requestLatencyMs() {
    return outputTokens > 1 ? ttftMs + (outputTokens - 1) * tpotMs : ttftMs;
  }

  /** {@return output tokens per second, the whole system} */
  public double outputTokensPerSecond() {
    return requestsPerSecond * outputTokens;
  }

  /**
   * {@return one replica that prefills and decodes, with {@code users} clients}
   *
   * @param users clients in the loop, at least 1
   * @param outputTokens tokens per request, at least 1
   * @param prefillMs the prefill of one prompt through its first token, alone, ms
   * @param decodeStepMs a decode step's time at a whole batch from 1 up to {@code users}, ms
   * @throws IllegalArgumentException if a count is below 1 or a time not positive
   */
  public static ClosedLoop aggregated(int users, int outputTokens, double prefillMs,
      IntToDoubleFunction decodeStepMs) {
    check(users, outputTokens, prefillMs, 0);
    return new Loop(users, outputTokens, prefillMs / 1e3, 1, 0, 1, true,
        interpolated(decodeStepMs, users)).solve();
  }

  /**
   * {@return one replica whose {@code users} clients move in step}: when every request has the
   * same lengths (as fixed-length benchmarks send them), clients that start together finish
   * together and send again together, so the replica prefills all their prompts as one batch,
   * then decodes all of them as one batch, and so on. Every client then sees the first token
   * after the batched prefill, and every decode step at batch {@code users} with nothing between
   * steps.
   *
   * @param users clients in the loop, at least 1
   * @param outputTokens tokens per request, at least 1
   * @param batchedPrefillMs the prefill of {@code users} prompts together through their first
   *     tokens, ms
   * @param batchStepMs a decode step at batch {@code users}, ms
   * @throws IllegalArgumentException if a count is below 1 or a time not positive
   */
  public static ClosedLoop lockstep(int users, int outputTokens, double batchedPrefillMs,
      double batchStepMs) {
    check(users, outputTokens, batchedPrefillMs, 0);
    if (!(batchStepMs > 0) || Double.isInfinite(batchStepMs)) {
      throw new IllegalArgumentException("a decode step must take a finite positive time: "
          + batchStepMs);
    }
    double cycleMs = batchedPrefillMs + (outputTokens - 1) * batchStepMs;
    return new ClosedLoop(users, outputTokens, users / cycleMs * 1e3, batchedPrefillMs,
        outputTokens > 1 ? batchStepMs : Double.NaN, outputTokens > 1 ? users : 0,
        batchedPrefillMs / cycleMs);
  }

  /**
   * {@return {@code prefillReplicas} prefill replicas feeding {@code decodeReplicas} decode
   * replicas, with {@code users} clients}
   *
   * @param users clients in the loop, at least 1
   * @param outputTokens tokens per request, at least 2 (one is all prefill)
   * @param prefillMs one prefill replica's time for one prompt through its first token, ms
   * @param prefillReplicas prefill replicas, at least 1
   * @param transferMs one request's KV-cache transfer from a prefill to a decode replica, ms (0 or more)
   * @param decodeStepMs a decode replica's step at a whole batch from 1 up to {@code users} over
   *     {@code decodeReplicas} (rounded up), ms
   * @param decodeReplicas decode replicas, at least 1 (clients spread evenly over them)
   * @throws IllegalArgumentException if a count is below its least or a time not positive (the
   *     transfer negative)
   */
  public static ClosedLoop disaggregated(int users, int outputTokens, double prefillMs,
      int prefillReplicas, double transferMs, IntToDoubleFunction decodeStepMs, int decodeReplicas) {
    check(users, outputTokens, prefillMs, transferMs);
    if (outputTokens < 2) {
      throw new IllegalArgumentException("a disaggregated loop needs at least 2 output tokens: "
          + outputTokens);
    }
    if (prefillReplicas < 1 || decodeReplicas < 1) {
      throw new IllegalArgumentException("replicas must be at least 1: " + prefillReplicas
          + " prefill, " + decodeReplicas + " decode");
    }
    int perDecodeReplica = (users + decodeReplicas - 1) / decodeReplicas;
    return new Loop(users, outputTokens, prefillMs / 1e3, prefillReplicas, transferMs / 1e3,
        decodeReplicas, false, interpolated(decodeStepMs, perDecodeReplica)).solve();
  }

  /**
   * The system's parts, in seconds; {@link #at} gives what a time per output token implies.
   *
   * @param prefillServers prefill units (1 when aggregated)
   * @param stepSeconds a decode step at a real batch, s
   */
  private record Loop(int users, int outputTokens, double prefillSeconds, int prefillServers,
      double transferSeconds, int decodeReplicas, boolean aggregated,
      DoubleUnaryOperator stepSeconds) {

    /** The steady state: the time per output token that the loop implies for itself. */
    ClosedLoop solve() {
      double lo = stepSeconds.applyAsDouble(1);
      if (outputTokens == 1 || at(lo).implied() <= lo) {
        return result(lo);
      }
      double hi = lo;
      for (int i = 0; i < MAX_DOUBLINGS && at(hi).implied() > hi; i++) {
        hi *= 2;
      }
      for (int i = 0; i < BISECTION_STEPS && hi - lo > 1e-12 * hi; i++) {
        double mid = (lo + hi) / 2;
        if (at(mid).implied() > mid) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      return result(hi);
    }

    /** The figures at {@code tpot} seconds per output token (none with one output token). */
    private ClosedLoop result(double tpot) {
      State s = at(tpot);
      boolean decodes = outputTokens > 1;
      return new ClosedLoop(users, outputTokens, s.throughput(), s.ttft() * 1e3,
          decodes ? tpot * 1e3 : Double.NaN, decodes ? s.batch() : 0, s.busy());
    }

    /** The loop if every sequence got a token every {@code tpot} seconds after its first. */
    State at(double tpot) {
      double decoding = (outputTokens - 1) * tpot; // transfer included (disaggregated)
      double[] mva = meanValue(users, prefillSeconds, prefillServers, decoding);
      // a client's own prefill never interrupts its own decoding: only the others' do, and only
      // their decode steps are in progress when it arrives
      double others = (users - 1) / (double) users;
      double residual = 0;
      if (aggregated && outputTokens > 1) {
        // prefill first: a new request waits for the step in progress, half a step on average,
        // at the batch the first pass implies; a second pass puts that wait into the loop
        residual = others * stepSeconds.applyAsDouble(mva[0] * decoding) / 2;
        mva = meanValue(users, prefillSeconds, prefillServers, residual + decoding);
      }
      double x = mva[0];
      double busy = x * prefillSeconds / prefillServers;
      double implied;
      double batch;
      if (aggregated) {
        batch = x * decoding;
        implied = stepSeconds.applyAsDouble(batch) / (1 - Math.min(busy * others, 1 - 1e-12));
      } else {
        batch = x * Math.max(0, decoding - transferSeconds) / decodeReplicas;
        implied = stepSeconds.applyAsDouble(batch) + transferSeconds / (outputTokens - 1);
      }
      return new State(x, mva[1] + residual, batch, busy, implied);
    }

    /**
     * @param throughput requests per second
     * @param ttft mean time to first token, s
     * @param batch mean sequences per decode replica's step
     * @param busy prefill units' busy share
     * @param implied the time per output token these imply, s
     */
    private record State(double throughput, double ttft, double batch, double busy,
        double implied) {}
  }

  /**
   * Exact mean value analysis of {@code users} clients between one queueing station of {@code
   * servers} servers of service {@code s} (Seidmann: service {@code s / servers} plus a delay of
   * {@code s (servers - 1) / servers}) and a delay of {@code think}; returns {throughput, time at
   * the station (wait and service)}.
   */
  static double[] meanValue(int users, double s, int servers, double think) {
    double service = s / servers;
    double fixed = s * (servers - 1) / servers;
    double queue = 0;
    double x = 0;
    double response = 0;
    for (int n = 1; n <= users; n++) {
      response = service * (1 + queue);
      x = n / (response + fixed + think);
      queue = x * response;
    }
    return new double[] {x, response + fixed};
  }

  /** {@code stepMs} in seconds at a real batch: clamped to [1, max], linear between whole batches. */
  private static DoubleUnaryOperator interpolated(IntToDoubleFunction stepMs, int max) {
    Map<Integer, Double> cache = new HashMap<>();
    IntToDoubleFunction at = b -> cache.computeIfAbsent(b, stepMs::applyAsDouble);
    return batch -> {
      double b = Math.max(1, Math.min(max, batch));
      int low = (int) Math.floor(b);
      double ms = at.applyAsDouble(low);
      if (b > low) {
        ms += (b - low) * (at.applyAsDouble(low + 1) - ms);
      }
      if (!(ms > 0) || Double.isInfinite(ms)) {
        throw new IllegalArgumentException("a decode step must take a finite positive time: " + ms
            + " ms at batch " + low);
      }
      return ms / 1e3;
    };
  }

  private static void check(int users, int outputTokens, double prefillMs, double transferMs) {
    if (users < 1 || outputTokens < 1) {
      throw new IllegalArgumentException("users and output tokens must be at least 1: " + users
          + ", " + outputTokens);
    }
    if (!(prefillMs > 0) || !(transferMs >= 0) || Double.isInfinite(prefillMs + transferMs)) {
      throw new IllegalArgumentException("times must be finite, the prefill positive: " + prefillMs
          + " ms prefill, " + transferMs + " ms transfer");
    }
  }
}
