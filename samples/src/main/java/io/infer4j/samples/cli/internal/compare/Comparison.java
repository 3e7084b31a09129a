package io.infer4j.samples.cli.internal.compare;

import java.util.List;
import java.util.Objects;

/**
 * The result of {@code infer4j compare}: the answer the in-process model gave, every platform's
 * figures for the prompt, and the router's pick for the budget.
 *
 * @param prompt the prompt
 * @param text the in-process model's answer (empty if it failed)
 * @param textModel the model that wrote {@code text} (its file name)
 * @param comparedModel the model the simulated figures are for
 * @param sameModel whether {@code textModel} is {@code comparedModel} (else the in-process figures
 *     are for the smaller model that wrote the text, and it does not compete in the pick)
 * @param promptTokens prompt tokens of the simulated workload (the in-process run's count)
 * @param outputTokens output tokens of the simulated workload (the in-process run's count)
 * @param precision the weights' precision on the simulated platforms
 * @param rows measured rows first, then simulated, each in the order asked
 * @param budget the budget of the pick
 * @param policy the policy of the pick
 * @param pick the router's choice
 */
public record Comparison(
    String prompt,
    String text,
    String textModel,
    String comparedModel,
    boolean sameModel,
    int promptTokens,
    int outputTokens,
    String precision,
    List<PlatformRow> rows,
    RouterPick.Budget budget,
    RouterPick.Policy policy,
    RouterPick.Pick pick) {

  public Comparison {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(textModel, "textModel");
    Objects.requireNonNull(comparedModel, "comparedModel");
    Objects.requireNonNull(precision, "precision");
    rows = List.copyOf(rows);
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(pick, "pick");
  }

  /** Whether {@code row} fits the budget (false without figures). */
  public boolean fits(PlatformRow row) {
    return row.figures().map(budget::fits).orElse(false);
  }
}
