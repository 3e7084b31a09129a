package io.infer4j.runtime.internal.structured;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.internal.JsonSchemaCheck;
import io.infer4j.runtime.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents made by sampling random logits through a constraint, with a token budget, are
 * complete and valid for the networknt validator: the grammar accepts nothing the schema refuses.
 */
class ConstrainedDocumentsTest {
  @TempDir Path dir;

  @Test
  void randomTokensUnderTheConstraintGiveValidDocumentsWithinTheBudget() {
    Tokenizer t = Vocabularies.shipped(dir);
    TokenBytes bytes = TokenBytes.of(t);
    String[] schemas = {
      SchemaCompilerTest.PERSON,
      """
      {"type":"object","properties":{"when":{"anyOf":[{"type":"string"},{"type":"null"}]},
        "n":{"type":"number"},"flags":{"type":"array","items":{"type":"boolean"},"minItems":1,
        "maxItems":2},"extra":{"type":"object","additionalProperties":{"type":"integer"}}},
       "required":["n","flags"]}""",
      "{\"type\":\"object\"}",
      io.infer4j.JsonSchemas.of(Order.class) // what ResponseFormat.of(Class) sends
    };
    Random random = new Random(11);
    for (String schema : schemas) {
      OutputGrammar g = OutputGrammar.jsonSchema(schema, "responseFormat.schema");
      for (int doc = 0; doc < 40; doc++) {
        int budget = 80;
        OutputConstraint c = g.start(bytes, t.vocabularySize(), new int[] {t.eosId()},
            new int[] {t.bosId(), t.eosId()});
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int previous = 5;
        for (int used = 0; used < budget && !c.complete(); used++) {
          float[] logits = new float[t.vocabularySize()];
          for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) random.nextGaussian();
          }
          assertTrue(c.mask(logits, previous, budget - used));
          int token = argmax(logits);
          if (token == t.eosId()) {
            break;
          }
          c.accept(previous, token);
          text.writeBytes(t.decodePiece(previous, token));
          previous = token;
        }
        String json = text.toString(StandardCharsets.UTF_8);
        assertTrue(c.accepting(), "complete within the budget: " + json);
        JsonSchemaCheck.validate(json, schema, "response"); // throws when invalid
      }
    }
  }

  enum Size { SMALL, LARGE }

  record Item(String name, int count) {}

  record Order(Size size, java.util.Optional<String> note, java.util.List<Item> items,
      java.util.Map<String, Double> prices, boolean paid) {}

  static int argmax(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best]) {
        best = i;
      }
    }
    return best;
  }
}
