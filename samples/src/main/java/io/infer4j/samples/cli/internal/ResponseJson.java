package io.infer4j.samples.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infer4j.InferenceException;
import io.infer4j.InferenceResponse;
import io.infer4j.RouteDecision;
import io.infer4j.Timing;
import io.infer4j.Usage;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The {@code --json} form of a response: one object on one line, snake_case fields, enums in
 * lower case, durations in milliseconds (fractional):
 *
 * <pre>{@code
 * {"text":..., "finish_reason":"length", "backend":"groq", "model":...,
 *  "usage":{"prompt_tokens":3, "completion_tokens":5, "source":"counted"
 *           [, "cached_prompt_tokens":2] [, "cost_usd":0.000985, "cost_source":...]},
 *  ["tool_calls":[{"id":..., "name":..., "arguments":{...}}],]
 *  "timing":{"ttft_ms":12.5, "total_ms":40.1, "tokens_per_s":99.7, "simulated":false
 *            [, "device":"lpu", "chips":8]},
 *  "route":{"chosen":"groq", "reason":..., "candidates":[...], "attempts":[...]}}
 * }</pre>
 *
 * <p>A candidate is {@code {backend, predicted_ttft_ms, predicted_total_ms, eligible, note}} (the
 * predictions {@code null} when unknown), an attempt {@code {backend, outcome, elapsed_ms, error,
 * hedge}}.
 *
 * <p>A failure is one object too ({@link #failureToJson}):
 *
 * <pre>{@code
 * {"error":{"type":"DeadlineExceededException", "message":..., "exit_code":7,
 *           "partial_text":...},
 *  "route":{...}}
 * }</pre>
 *
 * <p>where {@code partial_text}, the text that arrived before a stream broke or its budget ran
 * out, is present only when there was some, and {@code route} has the shape above and is present
 * only when the request went through the router ({@link InferenceException#route()}). Stateless
 * and thread-safe.
 */
public final class ResponseJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ResponseJson() {}

  /** The response as one line of JSON, without a line break. */
  public static String toJson(InferenceResponse response) {
    try {
      return MAPPER.writeValueAsString(toTree(response));
    } catch (JsonProcessingException e) {
      // A tree of strings, numbers and booleans always serialises.
      throw new IllegalStateException("cannot write the response as JSON", e);
    }
  }

  /** The response as a Jackson tree, in the documented field order. */
  public static ObjectNode toTree(InferenceResponse response) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("text", response.text());
    root.put("finish_reason", lower(response.finishReason()));
    root.put("backend", response.backend());
    root.put("model", response.model());
    root.set("usage", usage(response.usage()));
    if (!response.toolCalls().isEmpty()) {
      var calls = root.putArray("tool_calls");
      for (var call : response.toolCalls()) {
        ObjectNode c = calls.addObject();
        c.put("id", call.id());
        c.put("name", call.name());
        try {
          c.set("arguments", MAPPER.readTree(call.arguments()));
        } catch (JsonProcessingException e) {
          c.put("arguments", call.arguments()); // checked JSON by now; kept as text if not
        }
      }
    }
    root.set("timing", timing(response.timing()));
    root.set("route", route(response.route()));
    return root;
  }

  private static ObjectNode usage(Usage usage) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("prompt_tokens", usage.promptTokens());
    node.put("completion_tokens", usage.completionTokens());
    node.put("source", lower(usage.source()));
    if (usage.cachedPromptTokens() > 0) {
      node.put("cached_prompt_tokens", usage.cachedPromptTokens());
    }
    usage.cost().ifPresent(cost -> {
      node.put("cost_usd", cost.usd());
      node.put("cost_source", cost.source());
    });
    return node;
  }

  private static ObjectNode timing(Timing timing) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("ttft_ms", millis(timing.timeToFirstToken()));
    node.put("total_ms", millis(timing.total()));
    node.put("tokens_per_s", timing.tokensPerSecond());
    node.put("simulated", timing.simulated());
    if (!timing.device().isEmpty()) {
      node.put("device", timing.device());
      if (timing.deviceCount() > 0) {
        // "chips" for LPU systems (the name the plan command uses), "devices" otherwise.
        node.put(timing.device().equals("lpu") ? "chips" : "devices", timing.deviceCount());
      }
    }
    return node;
  }

  /** The {@code route} object of the response JSON, alone (what the {@code route} command prints). */
  public static String toJson(RouteDecision route) {
    return route(route).toString();
  }

  /**
   * A failure as one line of JSON: {@code error} (the exception's simple class name as {@code
   * type}, its {@code message}, the process {@code exit_code}) and, when the failure carries the
   * router's decision, {@code route} in the shape of a response's. Every text (the message, the
   * decision's reason, notes and attempt errors) passes through {@code redact} before it is
   * written, so a secret never reaches the output, escaped or not.
   */
  public static String failureToJson(Throwable failure, int exitCode, UnaryOperator<String> redact) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("type", failure.getClass().getSimpleName());
    String message = failure.getMessage();
    error.put("message", message == null ? "" : redact.apply(message));
    error.put("exit_code", exitCode);
    String partial = failure instanceof io.infer4j.StreamInterruptedException broken
        ? broken.partialText()
        : failure instanceof io.infer4j.DeadlineExceededException late ? late.partialText() : "";
    if (!partial.isEmpty()) {
      error.put("partial_text", redact.apply(partial)); // what arrived before the failure
    }
    if (failure instanceof InferenceException e && e.route().isPresent()) {
      root.set("route", route(e.route().get(), redact));
    }
    return root.toString();
  }

  private static ObjectNode route(RouteDecision route) {
    return route(route, UnaryOperator.identity());
  }

  private static ObjectNode route(RouteDecision route, UnaryOperator<String> redact) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("chosen", route.chosen());
    node.put("reason", redact.apply(route.reason()));
    ArrayNode candidates = node.putArray("candidates");
    for (RouteDecision.Candidate c : route.candidates()) {
      ObjectNode item = candidates.addObject();
      item.put("backend", c.backend());
      putMillisOrNull(item, "predicted_ttft_ms", c.predictedTimeToFirstToken());
      putMillisOrNull(item, "predicted_total_ms", c.predictedTotal());
      item.put("eligible", c.eligible());
      item.put("note", redact.apply(c.note()));
    }
    ArrayNode attempts = node.putArray("attempts");
    for (RouteDecision.Attempt a : route.attempts()) {
      ObjectNode item = attempts.addObject();
      item.put("backend", a.backend());
      item.put("outcome", lower(a.outcome()));
      item.put("elapsed_ms", millis(a.elapsed()));
      item.put("error", redact.apply(a.error()));
      item.put("hedge", a.hedge());
    }
    return node;
  }

  private static void putMillisOrNull(ObjectNode node, String field, Duration d) {
    if (d == null) {
      node.putNull(field);
    } else {
      node.put(field, millis(d));
    }
  }

  /** Milliseconds with the nanosecond part as a fraction. */
  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
