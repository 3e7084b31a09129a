package io.infer4j.internal;

import io.infer4j.DeadlineExceededException;
import io.infer4j.EmbeddingRequest;
import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.LatencyBudget;
import io.infer4j.spi.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The latency budget a configuration gives the requests of its clients that leave a part of
 * theirs unset ({@code infer4j.latency-budget.ttft}, {@code infer4j.latency-budget.total}), so
 * that no request waits without end by omission. A request's own parts always win: the default
 * time to first token fills a budget that has none (unless it would exceed the request's own
 * total, which then bounds the first token itself), the default total one that has neither a
 * total nor a deadline (a caller's deadline is the caller's decision). Immutable. Not API.
 */
public final class DefaultBudget {

  /** The configuration keys under which the defaults are read. */
  public static final String PREFIX = "infer4j.latency-budget.";

  public static final String TTFT_KEY = PREFIX + "ttft";
  public static final String TOTAL_KEY = PREFIX + "total";

  /** The keys of this form infer4j reads. */
  public static final List<String> KEYS = List.of(TTFT_KEY, TOTAL_KEY);

  /** No defaults: requests keep their budgets as they are. */
  public static final DefaultBudget NONE = new DefaultBudget(null, null);

  private final Duration ttft;
  private final Duration total;

  private DefaultBudget(Duration ttft, Duration total) {
    this.ttft = ttft;
    this.total = total;
  }

  /**
   * The defaults {@code settings} give; {@link #NONE} when neither key is set.
   *
   * @throws InvalidConfigurationException naming the key when a value is not a positive duration,
   *     or the time to first token exceeds the total
   */
  public static DefaultBudget from(Settings settings) {
    Duration ttft = positive(settings, TTFT_KEY);
    Duration total = positive(settings, TOTAL_KEY);
    if (ttft == null && total == null) {
      return NONE;
    }
    if (ttft != null && total != null && ttft.compareTo(total) > 0) {
      throw new InvalidConfigurationException(TTFT_KEY, settings.get(TTFT_KEY).orElse(""),
          "must not exceed " + TOTAL_KEY + " (" + settings.get(TOTAL_KEY).orElse("") + ")");
    }
    return new DefaultBudget(ttft, total);
  }

  private static Duration positive(Settings settings, String key) {
    String value = settings.get(key).map(String::trim).orElse("");
    if (value.isEmpty()) {
      return null;
    }
    Duration d = ConfigValues.parseDuration(key, value);
    if (d.isZero()) {
      throw new InvalidConfigurationException(key, value,
          "must be a positive duration (leave the key unset for no default)");
    }
    return d;
  }

  /** {@return the default time to first token, or {@code null}} */
  public Duration timeToFirstToken() {
    return ttft;
  }

  /** {@return the default total time, or {@code null}} */
  public Duration total() {
    return total;
  }

  /** {@return {@code budget} with the parts it leaves unset filled from these defaults} */
  public LatencyBudget fill(LatencyBudget budget) {
    Objects.requireNonNull(budget, "budget");
    LatencyBudget filled = budget;
    if (total != null && filled.total() == null && filled.deadline() == null) {
      filled = filled.withTotal(total);
    }
    if (ttft != null && filled.timeToFirstToken() == null
        && (filled.total() == null || ttft.compareTo(filled.total()) <= 0)) {
      filled = filled.withTimeToFirstToken(ttft);
    }
    return filled;
  }

  /** {@return {@code request}, with its budget {@link #fill filled} (itself when unchanged)} */
  public InferenceRequest fill(InferenceRequest request) {
    LatencyBudget budget = fill(request.budget());
    return budget.equals(request.budget()) ? request : new InferenceRequest(request.messages(),
        request.prompt(), request.model(), request.sampling(), budget, request.tools(),
        request.toolChoice(), request.responseFormat());
  }

  /**
   * {@return {@code request}, with its budget's total filled (itself when unchanged)}: an
   * embedding has no first token to wait for.
   */
  public EmbeddingRequest fill(EmbeddingRequest request) {
    if (total == null || request.budget().total() != null || request.budget().deadline() != null) {
      return request;
    }
    return request.withBudget(request.budget().withTotal(total));
  }

  /**
   * What a deadline failure of a request adds when its budget came, in part, from these defaults:
   * {@code "(infer4j.latency-budget.total = 150 ms, the configuration's default)"}, naming each
   * part {@code filled} has that {@code asked} had not; null when none.
   */
  public static String note(LatencyBudget asked, LatencyBudget filled) {
    List<String> parts = new ArrayList<>(2);
    if (asked.timeToFirstToken() == null && filled.timeToFirstToken() != null) {
      parts.add(TTFT_KEY + " = " + filled.timeToFirstToken().toMillis() + " ms");
    }
    if (asked.total() == null && filled.total() != null) {
      parts.add(TOTAL_KEY + " = " + filled.total().toMillis() + " ms");
    }
    if (parts.isEmpty()) {
      return null;
    }
    return "(" + String.join(", ", parts) + ", the configuration's default"
        + (parts.size() > 1 ? "s" : "") + ")";
  }

  /**
   * {@code e}, if it is a {@link DeadlineExceededException}, with {@code note} ({@link
   * #note}) after its reason: the same partial text, stack and routing decision; else (or with no
   * note, or one it says already) {@code e} itself.
   */
  public static InferenceException explain(InferenceException e, String note) {
    if (note == null || !(e instanceof DeadlineExceededException d) || d.reason().endsWith(note)) {
      return e;
    }
    DeadlineExceededException noted =
        new DeadlineExceededException(d.reason() + " " + note, d.partialText());
    noted.setStackTrace(d.getStackTrace());
    return d.route().map(noted::withRoute).orElse(noted);
  }

  @Override
  public String toString() {
    return "DefaultBudget[ttft=" + ttft + ", total=" + total + "]";
  }
}
