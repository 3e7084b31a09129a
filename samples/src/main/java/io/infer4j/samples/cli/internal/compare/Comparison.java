package io.infer4j.samples.cli.internal.compare;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The result of {@code infer4j compare}: the answer the in-process model gave, every platform's
 * figures for the prompt, and the router's pick for the budget.
 *
 * @param prompt the prompt
 * @param text the in-process model's answer (empty if it failed)
 * @param model what was compared: the model that ran and the shape that was simulated
 * @param promptTokens prompt tokens of the simulated workload
 * @param outputTokens output tokens of the simulated workload, and of the pick
 * @param precision the weights' precision on the simulated platforms
 * @param rows measured rows first, then simulated, each in the order asked
 * @param candidates the platforms offered to the router (rows with figures for the compared model)
 * @param ttftBudgetMs the first-token budget of the pick, when given
 * @param totalBudgetMs the total budget of the pick, when given
 * @param policy the policy of the pick
 * @param pick the router's choice
 */
public record Comparison(
    String prompt,
    String text,
    ComparedModel model,
    int promptTokens,
    int outputTokens,
    String precision,
    List<PlatformRow> rows,
    Set<String> candidates,
    OptionalDouble ttftBudgetMs,
    OptionalDouble totalBudgetMs,
    RouterPick.Policy policy,
    RouterPick.Pick pick) {

  public Comparison {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(precision, "precision");
    rows = List.copyOf(rows);
    candidates = Set.copyOf(candidates);
    Objects.requireNonNull(ttftBudgetMs, "ttftBudgetMs");
    Objects.requireNonNull(totalBudgetMs, "totalBudgetMs");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(pick, "pick");
  }

  /** The name of the model the simulated figures are for. */
  public String comparedModel() {
    return model.shape().name();
  }

  /** How the router saw {@code row}: {@code pick}, {@code fits}, {@code no}, or {@code -} (not offered). */
  public String verdict(PlatformRow row) {
    if (!candidates.contains(row.platform())) {
      return "-";
    }
    if (pick.platform().filter(row.platform()::equals).isPresent()) {
      return "pick";
    }
    return pick.fitting().contains(row.platform()) ? "fits" : "no";
  }

  /** Whether the router found {@code row} within the budget. */
  public boolean fits(PlatformRow row) {
    return pick.fitting().contains(row.platform());
  }

  /** The budget in words: {@code "TTFT <= 100 ms"}, or {@code "no budget"}. */
  public String budget() {
    return RouterPick.describe(ttftBudgetMs, totalBudgetMs);
  }
}
