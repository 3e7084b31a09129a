package io.infer4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {

  enum Unit { CELSIUS, FAHRENHEIT }

  record Reading(double value, Unit unit) {}

  record Station(String name, int id, boolean active, List<Reading> readings,
      Map<String, Integer> counts, Optional<String> note, String[] tags) {}

  record Loop(String name, Loop next) {}

  record Raw(List<?> items) {}

  private static Schema compile(String schema) {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(schema, InputFormat.JSON);
  }

  @Test
  void aRecordsSchemaAcceptsItsOwnInstancesAndRejectsOthers() throws Exception {
    Schema schema = compile(JsonSchemas.of(Station.class));
    ObjectMapper mapper = new ObjectMapper().registerModule(new Jdk8Module());
    Station s = new Station("Blindern", 18700, true, List.of(new Reading(3.5, Unit.CELSIUS)),
        Map.of("rain", 2), Optional.empty(), new String[] {"oslo"});
    JsonNode good = mapper.valueToTree(s);
    assertEquals(List.of(), schema.validate(good));
    assertEquals(List.of(), schema.validate(mapper.valueToTree(
        new Station("x", 1, false, List.of(), Map.of(), Optional.of("n"), new String[0]))));
    String wrongUnit = good.toString().replace("CELSIUS", "KELVIN");
    assertFalse(schema.validate(wrongUnit, InputFormat.JSON).isEmpty(), "enum constants only");
    String extra = good.toString().replaceFirst("\\{", "{\"extra\":1,");
    assertFalse(schema.validate(extra, InputFormat.JSON).isEmpty(), "no additional properties");
    String missing = good.toString().replace("\"active\":true,", "");
    assertFalse(schema.validate(missing, InputFormat.JSON).isEmpty(), "every component required");
    String fractionalId = good.toString().replace("18700", "18700.5");
    assertFalse(schema.validate(fractionalId, InputFormat.JSON).isEmpty(), "int is an integer");
  }

  @Test
  void theAnswerReadsBackIntoTheRecord() {
    InferenceResponse r = InferenceResponse.of("{\"value\": 2.5, \"unit\": \"FAHRENHEIT\"}");
    assertEquals(new Reading(2.5, Unit.FAHRENHEIT), r.as(Reading.class));
    StructuredOutputException e = assertThrows(StructuredOutputException.class,
        () -> InferenceResponse.of("{\"value\": \"hot\", \"unit\": \"CELSIUS\"}").as(Reading.class));
    assertEquals("response", e.target());
    assertTrue(e.location().startsWith("$.value"), e.location());
  }

  @Test
  void typesWithoutAFiniteSchemaAreRefusedNamingTheComponent() {
    IllegalArgumentException loop = assertThrows(IllegalArgumentException.class, () -> JsonSchemas.of(Loop.class));
    assertTrue(loop.getMessage().contains("Loop.next"), loop.getMessage());
    IllegalArgumentException raw = assertThrows(IllegalArgumentException.class, () -> JsonSchemas.of(Raw.class));
    assertTrue(raw.getMessage().contains("Raw.items"), raw.getMessage());
    assertThrows(IllegalArgumentException.class, () -> JsonSchemas.of(Thread.class));
  }
}
