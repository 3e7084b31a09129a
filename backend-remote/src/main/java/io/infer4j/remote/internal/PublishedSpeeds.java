package io.infer4j.remote.internal;

import io.infer4j.remote.Preset;
import io.infer4j.spi.LatencyEstimate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What providers and independent benchmarks published about a hosted model's speed: the prior a
 * remote backend gives the router before it has observed anything itself (a cold process, a new
 * pod). Only figures with a source are here; a preset or model without one gets no prior, and the
 * router then probes or learns ({@code infer4j.router.probe}, the {@code prior-*} keys).
 *
 * <p>A published figure was measured elsewhere, under other load and from another network path,
 * so it is given {@link #CONFIDENCE}: the router inflates it by {@code 2 - confidence} (1.7x), and
 * the backend's own observations replace it from the first answer on.
 */
final class PublishedSpeeds {

  /**
   * Trust in a figure measured by others: about what seven of the backend's own observations
   * earn in {@link LatencyModel} (0.9 x 7 / 20).
   */
  static final double CONFIDENCE = 0.3;

  /**
   * GroqCloud publishes no time to first token per model. The one public measurement: median 0.22 s
   * for Llama-2-70B, 550 prompt tokens, from the llmperf leaderboard's client over the internet
   * (ray-project/llmperf-leaderboard, January 2024; row L5 of the project's validation figures).
   * It includes that client's network path, which is what a remote prior has to include.
   */
  private static final Duration GROQ_TTFT = Duration.ofMillis(220);
  private static final String GROQ_TTFT_SOURCE = "TTFT 220 ms from ray-project/llmperf-leaderboard (2024-01)";
  /** The "speed (T/sec)" column of GroqCloud's production models table, console.groq.com/docs/models (2025). */
  private static final String GROQ_MODELS_PAGE = "GroqCloud models page";

  /** One published figure: output tokens per second for a preset's model, and the first-token time. */
  record Entry(Preset preset, String model, double tokensPerSecond, Duration timeToFirstToken,
      String speedSource, String ttftSource) {

    LatencyEstimate estimate() {
      long perTokenNanos = Math.round(1e9 / tokensPerSecond);
      String source = String.format(Locale.ROOT, "published: %s, %s %.0f tokens/s; %s",
          speedSource, model, tokensPerSecond, ttftSource);
      return new LatencyEstimate(timeToFirstToken, Duration.ofNanos(perTokenNanos), CONFIDENCE, source);
    }
  }

  private static final List<Entry> ENTRIES = List.of(
      groq("llama-3.1-8b-instant", 560),
      groq("llama-3.3-70b-versatile", 280),
      groq("openai/gpt-oss-120b", 500));

  /** Each entry's estimate, built once: a cold router asks for it on every decision. */
  private static final java.util.Map<Entry, LatencyEstimate> ESTIMATES = ENTRIES.stream()
      .collect(java.util.stream.Collectors.toUnmodifiableMap(e -> e, Entry::estimate));

  private PublishedSpeeds() {}

  /** The prior for {@code model} on {@code preset}, or empty without a published figure. */
  static Optional<LatencyEstimate> estimateFor(Preset preset, String model) {
    return find(preset, model).map(ESTIMATES::get);
  }

  private static Entry groq(String model, double tokensPerSecond) {
    return new Entry(Preset.GROQ, model, tokensPerSecond, GROQ_TTFT, GROQ_MODELS_PAGE, GROQ_TTFT_SOURCE);
  }

  /** The published figure for {@code model} on {@code preset} (model ids compared ignoring case). */
  static Optional<Entry> find(Preset preset, String model) {
    if (model == null) {
      return Optional.empty();
    }
    String m = model.trim();
    return ENTRIES.stream()
        .filter(e -> e.preset() == preset && e.model().equalsIgnoreCase(m))
        .findFirst();
  }

  /** Every figure, for documentation and tests. */
  static List<Entry> all() {
    return ENTRIES;
  }
}
