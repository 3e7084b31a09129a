package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer4j.runtime.testing.SharedFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code generate} on the in-process backends with the shared stories260K model, run as the README
 * runs the jar (a separate JVM with {@code --add-modules jdk.incubator.vector}): "gpu" prints
 * exactly run.c's greedy completion, "lpu" reports simulated timing on its chips. Needs ../shared
 * (env {@code INFER4J_SHARED_DIR}); skipped without it, failed without it on CI.
 */
class InProcessGenerateTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ONCE = "Once upon a time";

  static CliResult generate(String backend, int maxTokens, String... more) {
    String[] base = {"generate", "--backend", backend,
        "--model", SharedFiles.model("stories260K.bin").toString(),
        "--tokenizer", SharedFiles.model("tok512.bin").toString(),
        "--prompt", ONCE, "--temperature", "0", "--max-tokens", String.valueOf(maxTokens)};
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return CliProcess.run(Map.of(), List.of("--add-modules", "jdk.incubator.vector"), args);
  }

  @Test
  void gpuPrintsExactlyRuncsGreedyCompletion() {
    String golden = SharedFiles.goldenText("runc/stories260K__once__n64.txt");
    int ids = SharedFiles.goldenIds("runc/stories260K__once__n64.ids.txt").length;
    // run.c echoes the prompt and ends with a newline; its -n counts the 5 prompt ids too
    String completion = golden.substring(ONCE.length(), golden.length() - 1);

    CliResult r = generate("gpu", ids - 5);

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(completion + System.lineSeparator(), r.out());
  }

  @Test
  void gpuJsonSaysTheTimingWasMeasuredOnTheCpuReferencePath() throws Exception {
    CliResult r = generate("gpu", 8, "--json");

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode json = JSON.readTree(r.out());
    assertEquals("cpu-reference", json.at("/timing/device").asText(), r::toString);
    assertEquals(false, json.at("/timing/simulated").asBoolean());
    assertEquals(8, json.at("/usage/completion_tokens").asInt());
  }

  @Test
  void lpuJsonHasSimulatedTimingOnItsChips() throws Exception {
    CliResult r = generate("lpu", 16, "--json");

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode json = JSON.readTree(r.out());
    assertTrue(json.at("/timing/simulated").asBoolean(), r::toString);
    assertEquals("lpu", json.at("/timing/device").asText(), r::toString);
    assertTrue(json.at("/timing/chips").asInt() > 0, r::toString);
    assertTrue(json.at("/timing/ttft_ms").asDouble() > 0, r::toString);
    assertEquals("lpu", json.at("/backend").asText());
    assertEquals("stories260K.bin", json.at("/model").asText());
  }
}
