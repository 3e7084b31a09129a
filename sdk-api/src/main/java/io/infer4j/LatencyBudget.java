package io.infer4j;

import java.time.Duration;
import java.time.Instant;

/**
 * How long the caller is willing to wait. Every part is optional ({@code null} means no limit);
 * {@link #NONE} sets none. The budget is a deadline: the clock starts when the client receives the
 * request and covers connecting, every retry and fallback, backoff waits and reading the stream.
 * A client made from configuration fills the parts a request leaves unset from {@code
 * infer4j.latency-budget.ttft} and {@code infer4j.latency-budget.total} when they are set; the
 * request's own parts win.
 *
 * @param timeToFirstToken the first token must arrive within this time, or {@code null}
 * @param total the whole answer must be complete within this time, or {@code null}
 * @param deadline an absolute wall-clock instant by which the answer must be complete, or {@code
 *     null}; combined with {@code total}, the earlier one wins
 */
public record LatencyBudget(Duration timeToFirstToken, Duration total, Instant deadline) {

  /** No limit at all. */
  public static final LatencyBudget NONE = new LatencyBudget(null, null, null);

  /**
   * Validates the budget.
   *
   * @throws InvalidRequestException if a duration is zero or negative, or {@code timeToFirstToken}
   *     exceeds {@code total}
   */
  public LatencyBudget {
    requirePositive("budget.timeToFirstToken", timeToFirstToken);
    requirePositive("budget.total", total);
    if (timeToFirstToken != null && total != null && timeToFirstToken.compareTo(total) > 0) {
      throw new InvalidRequestException(
          "budget.timeToFirstToken",
          "must not exceed budget.total (" + timeToFirstToken + " > " + total + ")");
    }
  }

  private static void requirePositive(String field, Duration d) {
    if (d != null && (d.isNegative() || d.isZero())) {
      throw new InvalidRequestException(field, "must be positive, was " + d);
    }
  }

  /**
   * Only a time-to-first-token budget.
   *
   * @param ttft the longest wait for the first token, positive
   * @return the budget
   */
  public static LatencyBudget ofTimeToFirstToken(Duration ttft) {
    return new LatencyBudget(ttft, null, null);
  }

  /**
   * Only a total-time budget.
   *
   * @param total the longest wait for the whole answer, positive
   * @return the budget
   */
  public static LatencyBudget ofTotal(Duration total) {
    return new LatencyBudget(null, total, null);
  }

  /**
   * Only an absolute deadline.
   *
   * @param deadline the instant by which the answer must be complete
   * @return the budget
   */
  public static LatencyBudget until(Instant deadline) {
    return new LatencyBudget(null, null, deadline);
  }

  /**
   * {@return this budget with time to first token {@code ttft} ({@code null}: none)}
   *
   * @param ttft the longest wait for the first token, positive; {@code null} for none
   */
  public LatencyBudget withTimeToFirstToken(Duration ttft) {
    return new LatencyBudget(ttft, total, deadline);
  }

  /**
   * {@return this budget with total time {@code newTotal} ({@code null}: none)}
   *
   * @param newTotal the longest wait for the whole answer, positive; {@code null} for none
   */
  public LatencyBudget withTotal(Duration newTotal) {
    return new LatencyBudget(timeToFirstToken, newTotal, deadline);
  }

  /**
   * {@return this budget with the absolute deadline {@code newDeadline} ({@code null}: none)}
   *
   * @param newDeadline the instant by which the answer must be complete; {@code null}
   *     for none
   */
  public LatencyBudget withDeadline(Instant newDeadline) {
    return new LatencyBudget(timeToFirstToken, total, newDeadline);
  }

  /** {@return whether no part of the budget is set} */
  public boolean isUnlimited() {
    return timeToFirstToken == null && total == null && deadline == null;
  }
}
