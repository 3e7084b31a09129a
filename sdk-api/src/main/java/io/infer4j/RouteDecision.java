package io.infer4j;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Why a request went where it went: the candidates considered with their predictions, the one
 * chosen and why, and every attempt made (fallbacks and hedges included). A client bound to one
 * backend reports a {@linkplain #direct direct} decision.
 *
 * @param candidates the backends considered, in the order the policy ranked them; empty when
 *     nothing was chosen among alternatives
 * @param chosen the configured instance name that served the request
 * @param reason one sentence a person can read, e.g. "fastest predicted within the 200 ms budget"
 * @param attempts every attempt, in the order they started
 */
public record RouteDecision(
    List<Candidate> candidates, String chosen, String reason, List<Attempt> attempts) {

  /**
   * Validates the decision and copies the lists.
   *
   * @throws NullPointerException if a component is {@code null}
   */
  public RouteDecision {
    candidates = List.copyOf(Objects.requireNonNull(candidates, "candidates"));
    Objects.requireNonNull(chosen, "chosen");
    Objects.requireNonNull(reason, "reason");
    attempts = List.copyOf(Objects.requireNonNull(attempts, "attempts"));
  }

  /**
   * {@return the decision of a client that has exactly one backend}
   *
   * @param backend the configured instance name of that backend
   */
  public static RouteDecision direct(String backend) {
    return new RouteDecision(List.of(), backend, "configured backend", List.of());
  }

  /**
   * A backend the router considered.
   *
   * @param backend configured instance name
   * @param predictedTimeToFirstToken prediction, or {@code null} when the backend gave none
   * @param predictedTotal prediction for the whole answer, or {@code null}
   * @param eligible whether it was predicted to meet the budget and was available
   * @param note why it was or was not eligible
   */
  public record Candidate(
      String backend,
      Duration predictedTimeToFirstToken,
      Duration predictedTotal,
      boolean eligible,
      String note) {
    /**
     * Validates the candidate; a {@code null} note becomes empty.
     *
     * @throws NullPointerException if {@code backend} is {@code null}
     */
    public Candidate {
      Objects.requireNonNull(backend, "backend");
      note = note == null ? "" : note;
    }
  }

  /**
   * One attempt at serving the request.
   *
   * @param backend configured instance name
   * @param outcome how it ended
   * @param elapsed how long it ran
   * @param error the failure's message when it failed, else empty
   * @param hedge whether it was started as a hedge while another attempt was still running
   */
  public record Attempt(
      String backend, Outcome outcome, Duration elapsed, String error, boolean hedge) {
    /**
     * Validates the attempt; a {@code null} error becomes empty.
     *
     * @throws NullPointerException if {@code backend}, {@code outcome} or {@code elapsed} is {@code
     *     null}
     */
    public Attempt {
      Objects.requireNonNull(backend, "backend");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(elapsed, "elapsed");
      error = error == null ? "" : error;
    }
  }

  /** How an attempt ended. */
  public enum Outcome {
    /** It served the answer. */
    SUCCEEDED,
    /** It failed; {@link Attempt#error()} says why. */
    FAILED,
    /**
     * It was stopped before it ended: a hedge that lost the race, the request's deadline, or the
     * caller closing the stream.
     */
    CANCELLED
  }
}
