package io.infer4j.lpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InvalidRequestException;
import io.infer4j.ResponseFormat;
import io.infer4j.Sampling;
import io.infer4j.StructuredOutputException;
import io.infer4j.internal.JsonSchemaCheck;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.Capability;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Structured output through the public client, on the model shipped in the jar (stories260K,
 * which knows nothing of JSON): constrained decoding makes every answer valid.
 */
class LpuStructuredOutputTest {
  static final String PERSON = """
      {"type":"object","properties":{
        "name":{"type":"string"},
        "age":{"type":"integer"},
        "color":{"type":"string","enum":["red","green","blue"]},
        "tags":{"type":"array","items":{"type":"string"},"maxItems":3}},
       "required":["name","age","color","tags"],"additionalProperties":false}""";

  /** The shortest document of PERSON, in bytes. */
  static final int PERSON_MIN = "{\"name\":\"\",\"age\":0,\"color\":\"red\",\"tags\":[]}".length();

  record Person(String name, long age, String color, List<String> tags) {}

  private static InferenceClient client;

  @BeforeAll
  static void embeddedModel() {
    client = InferenceClients.create("lpu", Map.of("kernels", "reference"));
  }

  @AfterAll
  static void close() {
    client.close();
  }

  private static InferenceRequest.Builder person(int maxTokens) {
    return person(Sampling.DEFAULT.withMaxTokens(maxTokens));
  }

  private static InferenceRequest.Builder person(Sampling sampling) {
    return InferenceRequest.builder().prompt("Once upon a time, a girl")
        .sampling(sampling).responseFormat(ResponseFormat.jsonSchema("person", PERSON));
  }

  @Test
  void theBackendOffersStructuredOutput() {
    try (var b = new LpuBackendProvider().create(
        BackendConfig.ofMap("lpu", "lpu", Map.of("kernels", "reference")))) {
      assertTrue(b.capabilities().contains(Capability.STRUCTURED_OUTPUT));
    }
  }

  @Test
  void greedyAndSampledAnswersAreValidAgainstTheSchema() {
    InferenceResponse greedy = client.generate(person(120).temperature(0).build());
    check(greedy);
    for (long seed = 1; seed <= 5; seed++) {
      check(client.generate(person(Sampling.DEFAULT.withMaxTokens(120)
          .withTemperature(1.0).withTopP(0.95).withSeed(seed)).build()));
    }
    for (long seed = 1; seed <= 2; seed++) { // the filter-chain sampler sees the masked logits too
      check(client.generate(person(Sampling.DEFAULT.withMaxTokens(120)
          .withTemperature(0.9).withTopK(20).withMinP(0.05).withSeed(seed)).build()));
    }
  }

  private static void check(InferenceResponse r) {
    assertEquals(FinishReason.STOP, r.finishReason(), r.text());
    JsonSchemaCheck.validate(r.text(), PERSON, "response"); // the client checked it too
    Person p = r.as(Person.class);
    assertTrue(List.of("red", "green", "blue").contains(p.color()), r.text());
    assertTrue(p.tags().size() <= 3, r.text());
  }

  @Test
  void jsonObjectModeGivesAnObject() {
    InferenceResponse r = client.generate(InferenceRequest.builder().prompt("Once")
        .sampling(Sampling.DEFAULT.withMaxTokens(60).withTemperature(0.8)
            .withSeed(3L)).responseFormat(ResponseFormat.JSON_OBJECT)
        .build());
    assertEquals(FinishReason.STOP, r.finishReason(), r.text());
    assertTrue(r.as(Map.class) instanceof Map, r.text());
  }

  @Test
  void aBudgetJustLongEnoughIsSteeredToACompleteDocument() {
    for (long seed = 1; seed <= 3; seed++) {
      InferenceResponse r =
          client.generate(person(Sampling.DEFAULT.withMaxTokens(PERSON_MIN)
              .withTemperature(1.0).withSeed(seed)).build());
      check(r);
      assertTrue(r.usage().completionTokens() <= PERSON_MIN, r.usage().toString());
    }
  }

  @Test
  void aBudgetTooShortEndsWithLengthAndTheClientSaysTheAnswerWasCutOff() {
    StructuredOutputException e = assertThrows(StructuredOutputException.class,
        () -> client.generate(person(5).temperature(0).build()));
    assertTrue(e.getMessage().contains("LENGTH"), e.getMessage());
    assertTrue(e.output().startsWith("{"), e.output());
  }

  @Test
  void aSchemaOutsideTheSupportedSubsetIsAnInvalidRequestNamingTheKeyword() {
    InferenceRequest r = InferenceRequest.builder().prompt("Once").responseFormat(
        ResponseFormat.jsonSchema("s", "{\"type\":\"string\",\"pattern\":\"^a\"}")).build();
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> client.generate(r));
    assertEquals("responseFormat.schema", e.field());
    assertTrue(e.getMessage().contains("pattern"), e.getMessage());
  }

  @Test
  void streamingDeliversTheSameValidDocument() {
    InferenceRequest r = person(120).temperature(0).build();
    StringBuilder text = new StringBuilder();
    try (var stream = client.stream(r)) {
      stream.forEach(c -> text.append(c.text()));
    }
    assertEquals(client.generate(r).text(), text.toString());
  }
}
