package io.infer4j.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a backend says about its health, without sending a request: a {@link State} and a few
 * details for an operator, for readiness and liveness checks ({@code infer4j-sdk-health}) and
 * {@link io.infer4j.InferenceClients#health}. It reports what the backend has observed (failures,
 * rate-limit headers, its circuit breakers); it never probes.
 *
 * <pre>{@code
 * BackendHealth.up().with("model", "stories260K").with("device", "cpu-reference");
 * BackendHealth.down("every endpoint is ejected").with("endpoints", 2).with("endpoints_ejected", 2);
 * }</pre>
 *
 * <p><b>Details.</b> Keys are stable snake_case names ({@code endpoints_ejected}, {@code
 * circuit_state}); a backend composed of others (the router) adds each member's under the member's
 * instance name and a dot ({@code groq.circuit_state}), so keys are snake_case segments or
 * instance names joined by dots. Values are {@link String}, {@link Long} or {@link Boolean}, the
 * types MicroProfile Health data takes; durations are whole milliseconds under a key ending in
 * {@code _ms}. A state other than {@code UP} has a {@value #REASON} detail saying why. Details
 * never hold a secret: a backend redacts what it reports (an API key a server echoed in an error).
 *
 * @param state whether the backend can serve now
 * @param details what the backend observed, in the order it reported them (an unmodifiable copy)
 */
public record BackendHealth(State state, Map<String, Object> details) {

  /** The detail that says why the state is not {@code UP}. */
  public static final String REASON = "reason";

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

  private static final BackendHealth UP_NO_DETAILS = new BackendHealth(State.UP, Map.of());

  /** Whether a backend can serve requests, and whether it may recover by itself. */
  public enum State {
    /** It can serve requests now. Readiness and liveness hold. */
    UP,
    /**
     * It cannot serve now but may recover by itself: every endpoint ejected after failures, a
     * rate-limit window used up, every member of a router unavailable. Readiness fails; liveness
     * holds (restarting the application would not help).
     */
    DOWN,
    /**
     * It will not serve again: it was closed, or its model released. Readiness and liveness fail.
     */
    CLOSED
  }

  /**
   * Validates the health and copies the details, in order; an Integer value becomes a Long.
   *
   * @throws NullPointerException if {@code state}, {@code details}, a key or a value is null
   * @throws IllegalArgumentException if a key is not snake_case segments or instance names joined
   *     by dots, a value is not a String, Long or Boolean (an Integer is taken as a Long), {@value
   *     #REASON} is not a String, or a state other than {@code UP} has no {@value #REASON}
   */
  public BackendHealth {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(details, "details");
    Map<String, Object> copy = new LinkedHashMap<>();
    details.forEach((key, value) -> {
      Objects.requireNonNull(key, "details key");
      Objects.requireNonNull(value, () -> "details value of " + key);
      if (!KEY.matcher(key).matches()) {
        throw new IllegalArgumentException("not a detail key (snake_case segments joined by dots): '"
            + key + "'");
      }
      Object v = value instanceof Integer i ? Long.valueOf(i) : value;
      if (!(v instanceof String || v instanceof Long || v instanceof Boolean)) {
        throw new IllegalArgumentException("detail '" + key + "' is a "
            + value.getClass().getName() + "; details are String, Long or Boolean");
      }
      copy.put(key, v);
    });
    if (copy.containsKey(REASON) && !(copy.get(REASON) instanceof String)) {
      throw new IllegalArgumentException("'" + REASON + "' is text: " + copy.get(REASON));
    }
    if (state != State.UP && !(copy.get(REASON) instanceof String r && !r.isBlank())) {
      throw new IllegalArgumentException("a backend that is " + state + " says why: no '"
          + REASON + "' detail in " + copy);
    }
    details = Collections.unmodifiableMap(copy);
  }

  /**
   * Up, with no details: what a backend that knows nothing more says while it is open.
   *
   * @return the health
   */
  public static BackendHealth up() {
    return UP_NO_DETAILS;
  }

  /**
   * Cannot serve now, may recover by itself, because of {@code reason}.
   *
   * @param reason why, for a person reading a status page; not blank
   * @return the health
   * @throws NullPointerException if {@code reason} is {@code null}
   * @throws IllegalArgumentException if {@code reason} is blank
   */
  public static BackendHealth down(String reason) {
    return new BackendHealth(State.DOWN, Map.of(REASON, reason));
  }

  /**
   * Will not serve again (closed, its model released), because of {@code reason}.
   *
   * @param reason why, for a person reading a status page; not blank
   * @return the health
   * @throws NullPointerException if {@code reason} is {@code null}
   * @throws IllegalArgumentException if {@code reason} is blank
   */
  public static BackendHealth closed(String reason) {
    return new BackendHealth(State.CLOSED, Map.of(REASON, reason));
  }

  /**
   * {@return this health with one more detail (or {@code key}'s value replaced)}
   *
   * @param key snake_case segments or instance names joined by dots ({@code groq.circuit_state})
   * @param value the value; {@value #REASON} must stay not blank
   * @throws NullPointerException if {@code key} or {@code value} is {@code null}
   * @throws IllegalArgumentException if {@code key} is malformed
   */
  public BackendHealth with(String key, String value) {
    return withDetail(key, value);
  }

  /**
   * {@return this health with one more detail (or {@code key}'s value replaced)}
   *
   * @param key snake_case segments or instance names joined by dots ({@code groq.circuit_state})
   * @param value a count, or a duration in whole milliseconds under a key ending in {@code
   *     _ms}
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException if {@code key} is malformed
   */
  public BackendHealth with(String key, long value) {
    return withDetail(key, value);
  }

  /**
   * {@return this health with one more detail (or {@code key}'s value replaced)}
   *
   * @param key snake_case segments or instance names joined by dots ({@code groq.circuit_state})
   * @param value the value
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException if {@code key} is malformed
   */
  public BackendHealth with(String key, boolean value) {
    return withDetail(key, value);
  }

  private BackendHealth withDetail(String key, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(details);
    more.put(key, value);
    return new BackendHealth(state, more);
  }

  /** {@return whether it can serve requests now (readiness)} */
  public boolean isUp() {
    return state == State.UP;
  }

  /** {@return whether it is not {@link State#CLOSED} (liveness): up, or down and able to recover} */
  public boolean isLive() {
    return state != State.CLOSED;
  }

  /** {@return the {@value #REASON} detail; empty when up} */
  public java.util.Optional<String> reason() {
    return java.util.Optional.ofNullable((String) details.get(REASON));
  }
}
