package io.infer4j.remote.internal;

import io.infer4j.remote.Preset;
import java.util.List;
import java.util.Optional;

/**
 * Published list prices of a few hosted models, in US dollars per million tokens: the price a
 * remote backend puts on a response when none is configured ({@code price-input-per-million},
 * {@code price-output-per-million}, which override this table). Only prices with a source are
 * here; any other model, or a self-hosted preset, has no list price and its responses no cost.
 * Prices change: each entry names its page and the date it was read, and the cost carries it.
 *
 * <p>On-demand (standard tier) prices: batch, flex and priority tiers, and negotiated discounts,
 * are not modelled. A model matches by the id the request asked for, or else the id the response
 * names; a dated snapshot id (OpenAI's {@code gpt-4o-mini-2024-07-18}) is not matched to its alias,
 * as snapshots may be priced differently.
 */
final class ListPrices {

  /**
   * GroqCloud's models page, the "price per 1M tokens" column of its production models table,
   * console.groq.com/docs/models, read 2026-12-04 (the same table as {@link PublishedSpeeds}'s
   * speeds): llama-3.1-8b-instant $0.05 input / $0.08 output, llama-3.3-70b-versatile $0.59 /
   * $0.79, openai/gpt-oss-120b $0.15 / $0.60.
   */
  private static final String GROQ_MODELS = "console.groq.com/docs/models, read 2026-12-04";

  /**
   * Cached input on GroqCloud: "a 50% discount for cached input tokens", only on the models its
   * prompt-caching page lists (moonshotai/kimi-k2-instruct-0905 and the gpt-oss models; not the
   * Llama ones, whose cached price here is the input price), console.groq.com/docs/prompt-caching,
   * read 2026-12-04.
   */
  private static final String GROQ_CACHING = "cached input 50% off, console.groq.com/docs/prompt-caching";

  /**
   * OpenAI's standard-tier prices, which OpenAI publishes at platform.openai.com/docs/pricing; that
   * page could not be read from here, so these are the figures as listed, in agreement, by Vercel
   * AI Gateway's OpenAI provider rows (vercel.com/ai-gateway/models) and LiteLLM's price table,
   * read 2026-12-04: gpt-4o-mini $0.15 input / $0.075 cached input / $0.60 output, gpt-4.1-mini
   * $0.40 / $0.10 / $1.60.
   */
  private static final String OPENAI_AS_LISTED =
      "as listed by Vercel AI Gateway and LiteLLM (OpenAI's own page not read), read 2026-12-04";

  /** One list price: the model's id on the preset's service, and its price. */
  record Entry(Preset preset, String model, Price price) {}

  private static final List<Entry> ENTRIES = List.of(
      groq("llama-3.1-8b-instant", Price.of("0.05", "0.08", groqSource("llama-3.1-8b-instant", ""))),
      groq("llama-3.3-70b-versatile",
          Price.of("0.59", "0.79", groqSource("llama-3.3-70b-versatile", ""))),
      groq("openai/gpt-oss-120b", Price.of("0.15", "0.075", "0.60",
          groqSource("openai/gpt-oss-120b", "; " + GROQ_CACHING))),
      openAi("gpt-4o-mini", "0.15", "0.075", "0.60"),
      openAi("gpt-4.1-mini", "0.40", "0.10", "1.60"));

  private ListPrices() {}

  private static Entry groq(String model, Price price) {
    return new Entry(Preset.GROQ, model, price);
  }

  private static String groqSource(String model, String more) {
    return "GroqCloud list price for " + model + ": " + GROQ_MODELS + more;
  }

  private static Entry openAi(String model, String input, String cachedInput, String output) {
    return new Entry(Preset.OPENAI, model, Price.of(input, cachedInput, output,
        "OpenAI list price (standard tier) for " + model + ": " + OPENAI_AS_LISTED));
  }

  /**
   * The list price of {@code requested} on {@code preset}, else of {@code served} (the id the
   * response names); model ids compared ignoring case and surrounding spaces. Either may be null.
   */
  static Optional<Price> find(Preset preset, String requested, String served) {
    Optional<Price> p = find(preset, requested);
    return p.isPresent() ? p : find(preset, served);
  }

  private static Optional<Price> find(Preset preset, String model) {
    if (model == null) {
      return Optional.empty();
    }
    String m = model.trim();
    return ENTRIES.stream()
        .filter(e -> e.preset() == preset && e.model().equalsIgnoreCase(m))
        .map(Entry::price)
        .findFirst();
  }

  /** Every entry, for documentation and tests. */
  static List<Entry> all() {
    return ENTRIES;
  }
}
