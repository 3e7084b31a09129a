package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Every command with {@code --json} prints its failure as one JSON object on stdout, with the
 * exit code it ends with, beside the one {@code error:} line on stderr; without {@code --json},
 * stdout stays empty.
 */
class JsonFailureTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode failure(int code, String type, String... args) throws Exception {
    CliResult r = Cli.run(args);
    assertEquals(code, r.exitCode(), r::toString);
    assertEquals(1, r.outLines().size(), r::toString);
    JsonNode error = JSON.readTree(r.out()).get("error");
    assertEquals(type, error.get("type").asText(), r::toString);
    assertEquals(code, error.get("exit_code").asInt(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().startsWith("error: " + type + ": "), r::toString);
    return error;
  }

  @Test
  void planCompareAndRoutePrintTheirFailuresAsJson() throws Exception {
    JsonNode chips = failure(3, "InvalidRequestException",
        "plan", "--json", "--model", "llama-3.1-8b", "--hardware", "lpu", "--chips", "0");
    assertTrue(chips.get("message").asText().contains("--chips must be at least 1"), chips::toString);

    failure(3, "InvalidRequestException", "compare", "--json", "--prompt", "hi", "--warm-up-runs", "-1");
    failure(8, "ModelNotFoundException",
        "compare", "--json", "--prompt", "hi", "--model", "no-such-model-anywhere");
    failure(4, "InvalidConfigurationException",
        "route", "--json", "--prompt", "hi", "--backend", "no-such-backend");
  }

  @Test
  void aMalformedValueIsPrintedAsJsonToo() throws Exception {
    JsonNode e = failure(3, "InvalidRequestException",
        "plan", "--model", "llama-3.1-8b", "--hardware", "lpu", "--chips", "x", "--json");

    assertTrue(e.get("message").asText().contains("'x' is not an int"), e::toString);
  }

  @Test
  void withoutJsonStdoutStaysEmpty() {
    CliResult r = Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "lpu", "--chips", "0");

    assertEquals(3, r.exitCode(), r::toString);
    assertEquals("", r.out(), r::toString);
  }
}
