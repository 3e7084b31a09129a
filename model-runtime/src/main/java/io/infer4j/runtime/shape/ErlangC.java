package io.infer4j.runtime.shape;

/**
 * The M/M/c queue's waiting time (Erlang C): {@code c} servers, offered load {@code a = lambda /
 * mu} (in servers' worth of work). A request waits with probability {@code C(c, a)}, and then for
 * an exponential time of rate {@code c mu - lambda}. Here the servers are a replica's KV-cache
 * slots and the service is a sequence's stay in them.
 */
final class ErlangC {

  private ErlangC() {}

  /** The probability that an arrival waits; 1 when {@code a >= c} (the queue grows without end). */
  static double probabilityOfWaiting(int c, double a) {
    if (a >= c) {
      return 1;
    }
    // Erlang B by its recurrence B(k) = a B(k-1) / (k + a B(k-1)), stable for large c
    double b = 1;
    for (int k = 1; k <= c; k++) {
      b = a * b / (k + a * b);
    }
    return c * b / (c - a * (1 - b));
  }

  /** The mean wait, in the unit of {@code service}; infinite when {@code a >= c}. */
  static double meanWait(int c, double a, double service) {
    if (a >= c) {
      return Double.POSITIVE_INFINITY;
    }
    return probabilityOfWaiting(c, a) * service / (c - a);
  }

  /** The wait exceeded by a share {@code 1 - q} of arrivals, in the unit of {@code service}. */
  static double waitQuantile(int c, double a, double service, double q) {
    if (a >= c) {
      return Double.POSITIVE_INFINITY;
    }
    double p = probabilityOfWaiting(c, a);
    double tail = 1 - q;
    return p <= tail ? 0 : Math.log(p / tail) * service / (c - a);
  }
}
