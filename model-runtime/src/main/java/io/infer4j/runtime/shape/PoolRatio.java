package io.infer4j.runtime.shape;

/**
 * How many prefill replicas go with how many decode replicas in a disaggregated system, and the
 * goodput that gives: {@code min(m x prefill rate, n x decode rate)} requests per second on {@code
 * m x prefill units + n x decode units} chips or GPUs. DistServe's 2P1D is {@code m = 2, n = 1}.
 *
 * @param prefillReplicas {@code m}, at least 1
 * @param decodeReplicas {@code n}, at least 1
 * @param requestsPerSecond the goodput of the pair of pools
 * @param units chips or GPUs of both pools
 */
public record PoolRatio(int prefillReplicas, int decodeReplicas, double requestsPerSecond, long units) {

  /**
   * Checks the counts.
   *
   * @throws IllegalArgumentException if a pool has no replica or {@code units} is below 2
   */
  public PoolRatio {
    if (prefillReplicas < 1 || decodeReplicas < 1 || units < 2) {
      throw new IllegalArgumentException("a ratio needs at least one replica of each pool");
    }
  }

  /** {@return the goodput per chip or GPU, requests per second} */
  public double perUnit() {
    return requestsPerSecond / units;
  }

  /**
   * {@code m} prefill replicas of {@code prefillRate} requests/s and {@code prefillUnits} units
   * each with {@code n} decode replicas of {@code decodeRate} and {@code decodeUnits}.
   *
   * @param m prefill replicas, at least 1
   * @param prefillRate one prefill replica's goodput, requests per second (positive)
   * @param prefillUnits chips or GPUs of one prefill replica
   * @param n decode replicas, at least 1
   * @param decodeRate one decode replica's goodput, requests per second (positive)
   * @param decodeUnits chips or GPUs of one decode replica
   * @return the pair of pools and its goodput
   * @throws IllegalArgumentException for a rate that is not positive, or counts below 1
   */
  public static PoolRatio of(int m, double prefillRate, int prefillUnits, int n, double decodeRate,
      int decodeUnits) {
    if (!(prefillRate > 0) || !(decodeRate > 0) || prefillUnits < 1 || decodeUnits < 1) {
      throw new IllegalArgumentException("rates must be positive and counts at least 1");
    }
    return new PoolRatio(m, n, Math.min(m * prefillRate, n * decodeRate),
        (long) m * prefillUnits + (long) n * decodeUnits);
  }

  /**
   * {@return the ratio with the most goodput per unit among {@code 1..maxReplicas} replicas of each pool;
   * on a tie (within a relative 1e-9), the fewer units in all}
   *
   * @param prefillRate one prefill replica's goodput, requests per second (positive)
   * @param prefillUnits chips or GPUs of one prefill replica
   * @param decodeRate one decode replica's goodput, requests per second (positive)
   * @param decodeUnits chips or GPUs of one decode replica
   * @param maxReplicas the most replicas of one pool to try, at least 1
   * @throws IllegalArgumentException for a rate that is not positive, or counts below 1
   */
  public static PoolRatio best(double prefillRate, int prefillUnits, double decodeRate,
      int decodeUnits, int maxReplicas) {
    if (maxReplicas < 1) {
      throw new IllegalArgumentException("maxReplicas must be at least 1: " + maxReplicas);
    }
    PoolRatio best = null;
    for (int m = 1; m <= maxReplicas; m++) {
      for (int n = 1; n <= maxReplicas; n++) {
        PoolRatio r = of(m, prefillRate, prefillUnits, n, decodeRate, decodeUnits);
        if (best == null || r.betterThan(best)) {
          best = r;
        }
      }
    }
    return best;
  }

  private boolean betterThan(PoolRatio other) {
    double x = perUnit();
    double y = other.perUnit();
    if (Math.abs(x - y) > 1e-9 * Math.max(x, y)) {
      return x > y;
    }
    return units < other.units;
  }
}
