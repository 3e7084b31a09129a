package io.infer4j.samples.cli.internal.compare;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Which platform the router would choose for a budget, by the rule of the router's policies
 * ({@code infer4j.router.policy}): a platform fits when its time to first token is within the
 * first-token budget and its total time within the total budget (each when given); among those
 * that fit, {@code fastest} takes the shortest total time (the shortest time to first token when
 * only that is budgeted), {@code cheapest-within-budget} the lowest known price, ties and unknown
 * prices going to the faster.
 *
 * <p>The caller passes only the platforms whose figures are for the compared model: a measured
 * in-process row that ran a different model than the simulated shape is shown, not a candidate.
 */
public final class RouterPick {

  /** The two policies that need only figures. */
  public enum Policy {
    FASTEST("fastest"),
    CHEAPEST_WITHIN_BUDGET("cheapest-within-budget");

    private final String id;

    Policy(String id) {
      this.id = id;
    }

    /** The name used in configuration and on the command line. */
    public String id() {
      return id;
    }

    /**
     * @throws io.infer4j.InvalidRequestException naming {@code policy} and the accepted names
     */
    public static Policy fromId(String id) {
      for (Policy p : values()) {
        if (p.id.equalsIgnoreCase(id == null ? "" : id.strip())) {
          return p;
        }
      }
      throw new io.infer4j.InvalidRequestException("policy",
          "unknown policy '" + id + "'; accepted: fastest, cheapest-within-budget");
    }
  }

  /**
   * The budget the pick is for; each part optional.
   *
   * @param ttftMs time-to-first-token budget in milliseconds, or empty
   * @param totalMs total-time budget in milliseconds, or empty
   */
  public record Budget(OptionalDouble ttftMs, OptionalDouble totalMs) {
    public static final Budget NONE = new Budget(OptionalDouble.empty(), OptionalDouble.empty());

    public Budget {
      Objects.requireNonNull(ttftMs, "ttftMs");
      Objects.requireNonNull(totalMs, "totalMs");
    }

    /** Whether these figures meet every part of the budget. */
    public boolean fits(Figures f) {
      return (ttftMs.isEmpty() || f.ttftMs() <= ttftMs.getAsDouble())
          && (totalMs.isEmpty() || f.totalMs() <= totalMs.getAsDouble());
    }

    /** {@code "TTFT <= 500 ms, total <= 2000 ms"}, or {@code "no budget"}. */
    public String describe() {
      StringBuilder s = new StringBuilder();
      ttftMs.ifPresent(v -> s.append(String.format(Locale.ROOT, "TTFT <= %.0f ms", v)));
      totalMs.ifPresent(v -> s.append(s.isEmpty() ? "" : ", ")
          .append(String.format(Locale.ROOT, "total <= %.0f ms", v)));
      return s.isEmpty() ? "no budget" : s.toString();
    }

    boolean onlyFirstToken() {
      return ttftMs.isPresent() && totalMs.isEmpty();
    }
  }

  /**
   * The choice.
   *
   * @param platform the chosen row's label, or empty when none fits
   * @param reason one sentence: the rule and the figures that decided
   */
  public record Pick(Optional<String> platform, String reason) {}

  private RouterPick() {}

  /**
   * The router's choice among {@code candidates} for {@code budget} under {@code policy}.
   *
   * @param candidates the rows that compete; rows without figures are ignored
   * @param model the compared model's name, for the reason
   */
  public static Pick pick(List<PlatformRow> candidates, String model, Budget budget, Policy policy) {
    Comparator<PlatformRow> faster = Comparator.comparingDouble(
        r -> budget.onlyFirstToken() ? r.figures().orElseThrow().ttftMs() : r.figures().orElseThrow().totalMs());
    Comparator<PlatformRow> order = policy == Policy.FASTEST ? faster
        : Comparator.<PlatformRow>comparingDouble(r -> r.figures().orElseThrow()
            .costPerMillionTokens().orElse(Double.POSITIVE_INFINITY)).thenComparing(faster);
    List<PlatformRow> withFigures = candidates.stream().filter(r -> r.figures().isPresent()).toList();
    Optional<PlatformRow> chosen = withFigures.stream()
        .filter(r -> budget.fits(r.figures().orElseThrow()))
        .min(order);
    if (chosen.isEmpty()) {
      return new Pick(Optional.empty(), withFigures.isEmpty()
          ? "no platform has figures for " + model
          : "none of " + withFigures.size() + " platforms meets " + budget.describe()
              + "; the router would fail the request (when-none-fits=fail)");
    }
    Figures f = chosen.get().figures().orElseThrow();
    String price = f.costPerMillionTokens().isPresent()
        ? String.format(Locale.ROOT, ", $%.2f per million tokens", f.costPerMillionTokens().getAsDouble())
        : "";
    long fitting = withFigures.stream().filter(r -> budget.fits(r.figures().orElseThrow())).count();
    return new Pick(Optional.of(chosen.get().label()), String.format(Locale.ROOT,
        "%s among %d of %d platforms that meet %s: TTFT %s ms, total %s ms%s",
        policy.id(), fitting, withFigures.size(), budget.describe(), Numbers.figure(f.ttftMs()),
        Numbers.figure(f.totalMs()), price));
  }
}
