package io.infer4j.samples.cli.internal.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.OptionalDouble;

/**
 * The {@code --json} form of a comparison: one object on one line, snake_case fields, times in
 * milliseconds, unknown figures {@code null}:
 *
 * <pre>{@code
 * {"prompt":..., "text":..., "text_model":"stories260K-q8_0.gguf", "compared_model":"stories260K",
 *  "same_model":true, "prompt_tokens":5, "output_tokens":200, "precision":"fp8",
 *  "budget":{"ttft_ms":500.0, "total_ms":null}, "policy":"fastest",
 *  "platforms":[{"platform":"gpu", "device":"cpu-reference", "source":"measured",
 *                "model":..., "precision":"q8_0", "devices":1, "ttft_ms":1.9,
 *                "tokens_per_s":1843.2, "total_ms":110.3, "output_tokens":200, "confidence":1.0,
 *                "cost_per_million_tokens":null, "joules_per_token":null, "router":"fits",
 *                "fits_budget":true, "error":null, "note":...}, ...],
 *  "pick":{"platform":"lpu", "reason":...}}
 * }</pre>
 *
 * <p>{@code router} is the router's verdict on the platform: {@code pick}, {@code fits}, {@code no}
 * (outside the budget), or {@code -} (not offered to it: failed, or figures for another model). A
 * platform that failed has {@code null} figures and its error.
 */
public final class ComparisonJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ComparisonJson() {}

  /** {@code c} as one line of JSON. */
  public static String toJson(Comparison c) {
    try {
      return MAPPER.writeValueAsString(toTree(c));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }

  /** {@code c} as a Jackson tree, in the documented field order. */
  public static ObjectNode toTree(Comparison c) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("prompt", c.prompt());
    root.put("text", c.text());
    root.put("text_model", c.model().runName());
    root.put("compared_model", c.comparedModel());
    root.put("same_model", c.model().sameModel());
    root.put("prompt_tokens", c.promptTokens());
    root.put("output_tokens", c.outputTokens());
    root.put("precision", c.precision());
    ObjectNode budget = root.putObject("budget");
    put(budget, "ttft_ms", c.ttftBudgetMs());
    put(budget, "total_ms", c.totalBudgetMs());
    root.put("policy", c.policy().id());
    ArrayNode platforms = root.putArray("platforms");
    for (PlatformRow r : c.rows()) {
      platforms.add(row(c, r));
    }
    ObjectNode pick = root.putObject("pick");
    pick.put("platform", c.pick().platform().orElse(null));
    pick.put("reason", c.pick().reason());
    return root;
  }

  private static ObjectNode row(Comparison c, PlatformRow r) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("platform", r.platform());
    n.put("device", r.device());
    n.put("source", r.source().label());
    n.put("model", r.model());
    n.put("precision", r.precision());
    n.put("devices", r.devices());
    OptionalDouble none = OptionalDouble.empty();
    put(n, "ttft_ms", r.figures().map(f -> OptionalDouble.of(f.ttftMs())).orElse(none));
    put(n, "tokens_per_s", r.figures().map(f -> OptionalDouble.of(f.tokensPerS())).orElse(none));
    put(n, "total_ms", r.figures().map(f -> OptionalDouble.of(f.totalMs())).orElse(none));
    if (r.figures().isPresent()) {
      n.put("output_tokens", r.figures().get().outputTokens());
    } else {
      n.putNull("output_tokens");
    }
    put(n, "confidence", r.figures().map(f -> OptionalDouble.of(f.confidence())).orElse(none));
    put(n, "cost_per_million_tokens", r.figures().map(Figures::costPerMillionTokens).orElse(none));
    put(n, "joules_per_token", r.figures().map(Figures::joulesPerToken).orElse(none));
    n.put("router", c.verdict(r));
    n.put("fits_budget", c.fits(r));
    n.put("error", r.failure().isEmpty() ? null : r.failure());
    n.put("note", r.note());
    return n;
  }

  private static void put(ObjectNode node, String field, OptionalDouble value) {
    if (value.isPresent()) {
      node.put(field, value.getAsDouble());
    } else {
      node.putNull(field);
    }
  }
}
