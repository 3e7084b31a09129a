package io.infer4j.samples.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer4j.FinishReason;
import io.infer4j.InferenceResponse;
import io.infer4j.RouteDecision;
import io.infer4j.Timing;
import io.infer4j.Usage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static InferenceResponse routed() {
    RouteDecision route = new RouteDecision(
        List.of(
            new RouteDecision.Candidate("sim", Duration.ofNanos(1_500_000), Duration.ofMillis(40),
                true, "fastest within budget"),
            new RouteDecision.Candidate("groq", null, null, false, "no prediction yet")),
        "sim",
        "fastest predicted within the 200 ms budget",
        List.of(
            new RouteDecision.Attempt("groq", RouteDecision.Outcome.FAILED, Duration.ofMillis(12),
                "503", false),
            new RouteDecision.Attempt("sim", RouteDecision.Outcome.SUCCEEDED, Duration.ofMillis(41),
                null, true)));
    return new InferenceResponse(
        "Once upon\na time \"quoted\"",
        FinishReason.STOP_SEQUENCE,
        Usage.reported(12, 5),
        new Timing(Duration.ofNanos(2_250_000), Duration.ofMillis(50), 83.5, true, "lpu", 8),
        "sim",
        "stories260K",
        route);
  }

  @Test
  void costCachedTokensAndToolCallsAppearWhenPresent() throws Exception {
    InferenceResponse r = new InferenceResponse("", FinishReason.TOOL_CALLS,
        Usage.reported(1000, 500, 200).withCost(io.infer4j.Cost.usd("0.000985", "configured")),
        new Timing(Duration.ZERO, Duration.ofMillis(5), 0, false), "groq", "m", RouteDecision.direct("groq"),
        List.of(new io.infer4j.ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}")));
    JsonNode json = JSON.readTree(ResponseJson.toJson(r));
    assertEquals(200, json.get("usage").get("cached_prompt_tokens").asInt());
    assertEquals("0.000985", json.get("usage").get("cost_usd").decimalValue().toPlainString());
    assertEquals("Oslo", json.get("tool_calls").get(0).get("arguments").get("city").asText());
    assertFalse(JSON.readTree(ResponseJson.toJson(routed())).has("tool_calls"));
  }

  @Test
  void aFailureCarriesTheTextThatArrivedBeforeIt() throws Exception {
    JsonNode broken = new ObjectMapper().readTree(ResponseJson.failureToJson(
        new io.infer4j.StreamInterruptedException("connection reset", "Hello from ", null), 10,
        s -> s));
    assertEquals("Hello from ", broken.at("/error/partial_text").asText());
    JsonNode late = new ObjectMapper().readTree(ResponseJson.failureToJson(
        new io.infer4j.DeadlineExceededException("total budget spent", "Once upon"), 7, s -> s));
    assertEquals("Once upon", late.at("/error/partial_text").asText());
    JsonNode none = new ObjectMapper().readTree(ResponseJson.failureToJson(
        new io.infer4j.DeadlineExceededException("no first token"), 7, s -> s));
    assertTrue(none.at("/error/partial_text").isMissingNode(), none::toString);
  }

  @Test
  void writesOneLineEvenWhenTheTextHasLineBreaks() {
    String json = ResponseJson.toJson(routed());

    assertFalse(json.contains("\n"), json);
  }

  @Test
  void topLevelFieldsAreSnakeCaseWithLowerCaseEnums() throws Exception {
    JsonNode json = JSON.readTree(ResponseJson.toJson(routed()));

    assertEquals("Once upon\na time \"quoted\"", json.get("text").asText());
    assertEquals("stop_sequence", json.get("finish_reason").asText());
    assertEquals("sim", json.get("backend").asText());
    assertEquals("stories260K", json.get("model").asText());
    assertEquals(12, json.get("usage").get("prompt_tokens").asInt());
    assertEquals(5, json.get("usage").get("completion_tokens").asInt());
    assertEquals("reported", json.get("usage").get("source").asText());
  }

  @Test
  void timingIsInFractionalMilliseconds() throws Exception {
    JsonNode timing = JSON.readTree(ResponseJson.toJson(routed())).get("timing");

    assertEquals(2.25, timing.get("ttft_ms").asDouble(), 1e-9);
    assertEquals(50.0, timing.get("total_ms").asDouble(), 1e-9);
    assertEquals(83.5, timing.get("tokens_per_s").asDouble(), 1e-9);
    assertTrue(timing.get("simulated").asBoolean());
    assertEquals("lpu", timing.get("device").asText());
    assertEquals(8, timing.get("chips").asInt(), "an LPU timing names its chip count");
  }

  @Test
  void routeListsCandidatesAndAttempts() throws Exception {
    JsonNode route = JSON.readTree(ResponseJson.toJson(routed())).get("route");

    assertEquals("sim", route.get("chosen").asText());
    assertEquals("fastest predicted within the 200 ms budget", route.get("reason").asText());
    JsonNode first = route.get("candidates").get(0);
    assertEquals("sim", first.get("backend").asText());
    assertEquals(1.5, first.get("predicted_ttft_ms").asDouble(), 1e-9);
    assertEquals(40.0, first.get("predicted_total_ms").asDouble(), 1e-9);
    assertTrue(first.get("eligible").asBoolean());
    assertEquals("fastest within budget", first.get("note").asText());
    JsonNode second = route.get("candidates").get(1);
    assertTrue(second.get("predicted_ttft_ms").isNull());
    assertTrue(second.get("predicted_total_ms").isNull());
    assertFalse(second.get("eligible").asBoolean());
    JsonNode failed = route.get("attempts").get(0);
    assertEquals("groq", failed.get("backend").asText());
    assertEquals("failed", failed.get("outcome").asText());
    assertEquals(12.0, failed.get("elapsed_ms").asDouble(), 1e-9);
    assertEquals("503", failed.get("error").asText());
    assertFalse(failed.get("hedge").asBoolean());
    JsonNode hedge = route.get("attempts").get(1);
    assertEquals("succeeded", hedge.get("outcome").asText());
    assertEquals("", hedge.get("error").asText());
    assertTrue(hedge.get("hedge").asBoolean());
  }
}
