package io.infer4j.runtime.testing;

import java.util.Objects;

/**
 * One published performance figure of a model on some hardware (one row of the project's
 * {@code validation/published.csv}), to compare a planner's prediction with. The text fields are
 * as published; reading them as a planner configuration (chips, GPUs, prompt length) is the
 * caller's business. Test code (model-runtime's {@code tests} jar), for the planners' validation
 * tests; not in the runtime jar.
 *
 * <p>Immutable. The compact constructor rejects a blank {@code id}, {@code model} or {@code
 * metric}, and a {@code value} that is not a finite number, with an {@link
 * IllegalArgumentException} naming the field; other text may be empty but not null.
 *
 * @param id row id ({@code L1}, {@code G3}); LPU rows start with {@code L}, GPU rows with {@code G}
 * @param model model as published ({@code Llama-2-70B})
 * @param hardware hardware as published ({@code H100-80GB SXM x2}, {@code Groq LPU})
 * @param config serving configuration as published (engine, parallelism, prompt and output length)
 * @param precision weight precision as published ({@code BF16}, {@code FP8})
 * @param metric what was measured ({@code decode_tokens_per_s_per_user}, {@code ttft_ms}, ...)
 * @param value the published figure, in {@code unit}
 * @param unit unit of {@code value} ({@code tok/s}, {@code ms})
 * @param date when it was published ({@code 2024-01})
 * @param source where it was published
 * @param notes how the figure was obtained, caveats
 */
public record PublishedFigure(
    String id,
    String model,
    String hardware,
    String config,
    String precision,
    String metric,
    double value,
    String unit,
    String date,
    String source,
    String notes) {

  public PublishedFigure {
    notBlank("id", id);
    notBlank("model", model);
    Objects.requireNonNull(hardware, "hardware");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(precision, "precision");
    notBlank("metric", metric);
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value of " + id + " must be a finite number: " + value);
    }
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(notes, "notes");
  }

  private static void notBlank(String field, String text) {
    Objects.requireNonNull(text, field);
    if (text.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }
}
