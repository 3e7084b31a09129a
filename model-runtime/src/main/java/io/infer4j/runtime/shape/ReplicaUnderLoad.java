package io.infer4j.runtime.shape;

/**
 * One replica serving Poisson arrivals at {@code lambda} requests per second with continuous
 * batching: what its requests see, and whether that meets a {@link ServingLoad}'s SLOs.
 *
 * <p><b>Model.</b> With prefill time {@code S} per request, decode step {@code D} at the replica's
 * batch, {@code b} slots and {@code O} output tokens:
 *
 * <ul>
 *   <li>prefills take a share {@code rho = lambda S} of the replica's time, and run between
 *       decode steps (prefill first, as vLLM's default scheduler does), so a sequence's time per
 *       output token is {@code D / (1 - rho)};
 *   <li>a new request waits for the decode step in progress ({@code D}), then for the prefills
 *       queued before it: an M/M/1 queue of service {@code S}, whose waiting time exceeds {@code t}
 *       with probability {@code rho e^(-(1/S - lambda) t)} (conservative for prefills of one
 *       length, which vary less than exponential service), so the 99th percentile is {@code S + D
 *       + ln(100 rho) / (1/S - lambda)} and the mean {@code S + D/2 + rho S / (1 - rho)};
 *   <li>a sequence holds one of the {@code b} slots (its KV cache) for {@code T = mean time to
 *       first token + (O - 1) x time per output token}, so the slots are an M/M/b queue of
 *       offered load {@code a = lambda T} (Little's law: the mean number of sequences in the
 *       replica): a request finds no free slot with the Erlang C probability and then waits an
 *       exponential time of rate {@code (b - a) / T}; that wait's 99th percentile is added to the
 *       first token's. {@code a} must stay below {@code b}.
 * </ul>
 *
 * Immutable.
 *
 * @param lambda arrival rate at this replica, requests per second
 * @param prefillShare {@code rho}, the share of time spent in prefills
 * @param tpotMs time per output token, ms: the mean, or the quantile of requests' own that was
 *     asked for
 * @param ttftP99Ms time to first token, 99th percentile, ms
 * @param concurrency sequences in the replica on average
 * @param slots the replica's batch
 */
public record ReplicaUnderLoad(
    double lambda, double prefillShare, double tpotMs, double ttftP99Ms, double concurrency,
    int slots) {

  /**
   * {@return the replica {@code f} at {@code lambda} requests per second of {@code outputTokens}
   * each}
   *
   * @param f the replica's unloaded figures
   * @param lambda arrival rate at this replica, requests per second
   * @param outputTokens output tokens per request
   */
  public static ReplicaUnderLoad of(ReplicaFigures f, double lambda, int outputTokens) {
    return of(f, lambda, outputTokens, 0.99);
  }

  /**
   * As {@link #of(ReplicaFigures, double, int)}, with the time to first token taken at quantile
   * {@code ttftQuantile} instead of the 99th percentile (0.9 for an SLO on the 90th percentile, as
   * DistServe states its SLOs); {@code ttftP99Ms} then holds that quantile.
   *
   * @param f the replica's unloaded figures
   * @param lambda arrival rate at this replica, requests per second
   * @param outputTokens output tokens per request
   * @param ttftQuantile the quantile of the time to first token, strictly between 0 and 1
   * @return the replica at that load; infinite times when its prefills alone saturate it
   * @throws IllegalArgumentException when {@code ttftQuantile} is not strictly between 0 and 1
   */
  public static ReplicaUnderLoad of(ReplicaFigures f, double lambda, int outputTokens,
      double ttftQuantile) {
    return of(f, lambda, outputTokens, ttftQuantile, Double.NaN);
  }

  /**
   * As {@link #of(ReplicaFigures, double, int, double)}, with {@code tpotMs} a quantile of the
   * requests' own times per output token instead of their mean (DistServe holds each request's
   * TPOT at the 90th percentile). A request's {@code O - 1} decode steps are paused by the other
   * requests' prefills that arrive meanwhile: a Poisson number {@code K} of mean {@code lambda (O
   * - 1) tpot} (its decode phase at the mean time per token), so its time per output token is
   * {@code D + K S / (O - 1)}, taken at {@code K}'s quantile. Its mean is the mean formula's
   * {@code D / (1 - rho)}.
   *
   * @param f the replica's unloaded figures
   * @param lambda arrival rate at this replica, requests per second
   * @param outputTokens output tokens per request
   * @param ttftQuantile the quantile of the time to first token, strictly between 0 and 1
   * @param tpotQuantile the quantile of a request's time per output token, strictly between 0 and
   *     1, or NaN for the mean
   * @return the replica at that load; infinite times when its prefills alone saturate it
   * @throws IllegalArgumentException when a quantile is not strictly between 0 and 1
   */
  public static ReplicaUnderLoad of(ReplicaFigures f, double lambda, int outputTokens,
      double ttftQuantile, double tpotQuantile) {
    checkQuantile(ttftQuantile);
    if (!Double.isNaN(tpotQuantile)) {
      checkQuantile(tpotQuantile);
    }
    double s = f.prefillMs() / 1e3;
    double d = f.interTokenMs() / 1e3;
    double rho = lambda * s;
    if (rho >= 1) {
      return new ReplicaUnderLoad(lambda, rho, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
          Double.POSITIVE_INFINITY, f.batch());
    }
    double tpot = d / (1 - rho);
    double wait99 = ErlangC.waitQuantile(1, rho, s, ttftQuantile); // behind other prefills: M/M/1
    double ttftMean = s + d / 2 + ErlangC.meanWait(1, rho, s);
    double stay = ttftMean + (outputTokens - 1) * tpot;
    double concurrency = lambda * stay;
    double slotWait99 = ErlangC.waitQuantile(f.batch(), concurrency, stay, ttftQuantile);
    double ttft99 = s + d + wait99 + slotWait99;
    double tpotReported = tpot;
    if (!Double.isNaN(tpotQuantile) && outputTokens > 1) {
      long paused = PoissonQuantile.of(lambda * (outputTokens - 1) * tpot, tpotQuantile);
      tpotReported = d + paused * s / (outputTokens - 1);
    }
    return new ReplicaUnderLoad(lambda, rho, tpotReported * 1e3, ttft99 * 1e3, concurrency,
        f.batch());
  }

  static void checkQuantile(double q) {
    if (!(q > 0 && q < 1)) {
      throw new IllegalArgumentException("a quantile must be strictly between 0 and 1: " + q);
    }
  }

  /**
   * {@return whether the replica keeps both SLOs and its sequences fit its slots}
   *
   * @param load the SLOs and output length to check against
   */
  public boolean meets(ServingLoad load) {
    boolean tpotCounts = load.outputTokens() > 1; // one token: no time per output token
    return prefillShare < 1 && concurrency < slots && (!tpotCounts || tpotMs <= load.tpotSloMs())
        && ttftP99Ms <= load.ttftSloMs();
  }

  /** {@return the share of the replica's slots in use on average} */
  public double slotUse() {
    return concurrency / slots;
  }
}
