package io.infer4j.runtime.shape;

/**
 * Quantiles of the Poisson distribution: how many events of a Poisson stream of mean {@code mu}
 * fall in a window, at a given quantile. Here the events are other requests' prefills that pause a
 * sequence's decoding. Stateless.
 */
final class PoissonQuantile {

  private PoissonQuantile() {}

  /**
   * The smallest {@code k} with {@code P(K <= k) >= q} for {@code K ~ Poisson(mu)}.
   *
   * @param mu the mean, 0 or more and finite
   * @param q the quantile, strictly between 0 and 1
   * @throws IllegalArgumentException for a negative or non-finite mean
   */
  static long of(double mu, double q) {
    if (!(mu >= 0) || Double.isInfinite(mu)) {
      throw new IllegalArgumentException("a Poisson mean must be finite and >= 0: " + mu);
    }
    ReplicaUnderLoad.checkQuantile(q);
    if (mu == 0) {
      return 0;
    }
    // probabilities in log space, so that e^-mu underflowing for a large mean does not matter;
    // the sum runs from 0 and stops at the first k whose cumulative probability reaches q
    double logP = -mu;
    double cdf = Math.exp(logP);
    long k = 0;
    while (cdf < q) {
      k++;
      logP += Math.log(mu / k);
      cdf += Math.exp(logP);
      if (k > mu + 50 * Math.sqrt(mu) + 50) {
        break; // past any quantile below 1 - 1e-300: rounding left cdf just short of q
      }
    }
    return k;
  }
}
