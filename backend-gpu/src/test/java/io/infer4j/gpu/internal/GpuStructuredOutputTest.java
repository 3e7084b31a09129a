package io.infer4j.gpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.ResponseFormat;
import io.infer4j.Sampling;
import io.infer4j.ToolChoice;
import io.infer4j.ToolDefinition;
import io.infer4j.internal.JsonSchemaCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The serving layer's constrained decoding on the gpu backend (the CPU path here; the masks act on
 * whatever logits the engine returns), with the model shipped in the jar.
 */
class GpuStructuredOutputTest {
  static final String POINT = "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\"},"
      + "\"label\":{\"enum\":[\"a\",\"b\"]}},\"required\":[\"x\",\"label\"],"
      + "\"additionalProperties\":false}";

  @Test
  void aJsonSchemaAnswerAndARequiredToolCallAreValid() {
    try (InferenceClient c = InferenceClients.create("gpu",
        Map.of("device", "cpu", "chat-template", "chatml", "context-length", "2048"))) {
      InferenceResponse json = c.generate(InferenceRequest.builder().prompt("Once upon a time")
          .sampling(Sampling.DEFAULT.withMaxTokens(60).withTemperature(1.0).withSeed(5L))
          .responseFormat(ResponseFormat.jsonSchema("point", POINT)).build());
      assertEquals(FinishReason.STOP, json.finishReason(), json.text());
      JsonSchemaCheck.validate(json.text(), POINT, "response");

      InferenceResponse call = c.generate(InferenceRequest.builder().user("Where?")
          .tool(new ToolDefinition("locate", "", POINT)).toolChoice(ToolChoice.REQUIRED)
          .maxTokens(120).temperature(0).build());
      assertEquals(FinishReason.TOOL_CALLS, call.finishReason());
      assertEquals("locate", call.toolCalls().getFirst().name());
      JsonSchemaCheck.validate(call.toolCalls().getFirst().arguments(), POINT, "arguments");
    }
  }
}
