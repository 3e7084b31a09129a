package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * {@code infer4j compare} through the real command line, on the embedded model (no file, no
 * network but loopback): the story, every platform, the pick, the JSON, real chart files, an
 * endpoint that is down next to one that answers, and flags that are wrong.
 */
class CompareCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SIMULATED = List.of("lpu", "h100", "h200", "a100", "l4", "b200", "mi300x", "mi325x", "tpu-v5e", "tpu-v6e");

  @TempDir Path dir;
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static CliResult compare(String... extra) {
    List<String> args = new ArrayList<>(List.of("compare", "--prompt", "Once upon a time",
        "--max-tokens", "24", "--warm-up-runs", "0", "--temperature", "0"));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  private static JsonNode json(CliResult r) throws Exception {
    assertEquals(0, r.exitCode(), r::toString);
    return JSON.readTree(r.out());
  }

  @Test
  void onTheEmbeddedModelItTellsAStoryAndShowsEveryPlatform() {
    CliResult r = compare("--ttft-budget-ms", "60000");

    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().startsWith("Once upon a time"), r::toString);
    assertTrue(r.outLines().get(0).split("\\s+").length > 8, "a story, not a word: " + r.out());
    List<String> lines = r.outLines();
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("gpu (") && l.contains(" measured ")
        && l.contains("stories260K-q8_0.gguf") && l.contains("q8_0")), r::toString);
    for (String platform : SIMULATED) {
      assertTrue(lines.stream().anyMatch(l -> l.startsWith(platform + " ") && l.contains(" simulated ")
          && l.contains("stories260K") && (l.endsWith(" fits") || l.endsWith(" pick"))),
          platform + "\n" + r);
    }
    assertEquals(1, lines.stream().filter(l -> l.endsWith(" pick")).count(), r::toString);
    assertTrue(lines.contains("Simulated GPU rows are for a tuned engine on that GPU (TensorRT-LLM"
        + " class); 'plan --engine infer4j' predicts infer4j's own CUDA path instead."), r::toString);
    assertTrue(lines.stream().anyMatch(
        l -> l.startsWith("router pick (fastest, TTFT <= 60000 ms, 24 output tokens): lpu. ")), r::toString);
    assertEquals("", r.err(), "progress is drawn only on a terminal");
  }

  @Test
  void whenNoPlatformHasFiguresTheTableStillShowsWhyAndTheExitCodeIsTheRunsError() {
    CliResult r = Cli.run("compare", "--prompt", "once upon a time ".repeat(300),
        "--max-tokens", "10", "--warm-up-runs", "0", "--hardware", "lpu");

    assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
    assertTrue(r.outLines().stream().anyMatch(l -> l.startsWith("gpu ")
        && l.contains("failed: InvalidRequestException")
        && l.contains("longer than the model's context")), r::toString);
    assertTrue(r.out().contains("no platform has figures"), r::toString);
  }

  @Test
  void warmUpRunsPrecedeTheMeasuredRunWhichStillCountsItsOwnTokens() throws Exception {
    JsonNode j = json(Cli.run("compare", "--prompt", "Once upon a time", "--max-tokens", "24",
        "--temperature", "0", "--json", "--warm-up-runs", "2", "--hardware", "lpu"));
    assertEquals(24, j.get("output_tokens").asInt(), "the warm-up runs' tokens are not counted");
    assertTrue(j.at("/platforms/0/note").asText().startsWith("5 prompt + 24 output tokens"), j::toString);
    CliResult negative = Cli.run("compare", "--prompt", "x", "--warm-up-runs", "-1");
    assertEquals(3, negative.exitCode(), negative::toString);
    assertTrue(negative.err().contains("--warm-up-runs must be 0 or more"), negative::toString);
  }

  @Test
  void theJsonHasEveryPlatformWithItsSourceAndTheSameTokenCounts() throws Exception {
    JsonNode j = json(compare("--json", "--ttft-budget-ms", "1", "--latency-budget-ms", "60000"));

    assertTrue(j.get("text").asText().length() > 20, j::toString);
    assertEquals("stories260K-q8_0.gguf", j.get("text_model").asText());
    assertEquals("stories260K", j.get("compared_model").asText());
    assertTrue(j.get("same_model").asBoolean());
    assertEquals(24, j.get("output_tokens").asInt(), "greedy 24 tokens, no early stop on this prompt");
    assertEquals(1.0, j.at("/budget/ttft_ms").asDouble());
    JsonNode platforms = j.get("platforms");
    assertEquals(1 + SIMULATED.size(), platforms.size());
    JsonNode local = platforms.get(0);
    assertEquals("gpu", local.get("platform").asText());
    assertEquals("measured", local.get("source").asText());
    assertTrue(local.get("ttft_ms").asDouble() > 0 && local.get("tokens_per_s").asDouble() > 0);
    assertTrue(local.get("cost_per_million_tokens").isNull());
    for (int i = 1; i < platforms.size(); i++) {
      JsonNode p = platforms.get(i);
      assertEquals(SIMULATED.get(i - 1), p.get("platform").asText());
      assertEquals("simulated", p.get("source").asText());
      assertTrue(p.get("devices").asInt() >= 1, p::toString);
      assertTrue(p.get("ttft_ms").asDouble() <= p.get("total_ms").asDouble(), p::toString);
      assertEquals(p.get("ttft_ms").asDouble() <= 1.0, p.get("fits_budget").asBoolean(), p::toString);
      assertTrue(p.get("error").isNull());
      if (!p.get("platform").asText().equals("lpu")) {
        assertTrue(p.get("note").asText().startsWith("tuned engine; "), "GPU figures say whose: " + p);
      }
    }
    String chosen = j.at("/pick/platform").asText();
    double best = Double.MAX_VALUE;
    JsonNode winner = null;
    for (JsonNode p : platforms) {
      // the router ranks by total time with its margin for uncertain predictions (2 - confidence)
      if (p.get("fits_budget").asBoolean()) {
        best = Math.min(best, p.get("total_ms").asDouble() * (2 - p.get("confidence").asDouble()));
      }
      if (p.get("platform").asText().equals(chosen)) {
        winner = p;
      }
    }
    assertTrue(winner != null, "the pick is a platform: " + j);
    assertEquals("pick", winner.get("router").asText());
    assertTrue(winner.get("fits_budget").asBoolean());
    assertEquals(best, winner.get("total_ms").asDouble() * (2 - winner.get("confidence").asDouble()),
        1e-9, "fastest policy: shortest total among those that fit");
  }

  @Test
  void aCatalogModelIsSimulatedWhileTheEmbeddedModelWritesTheText() throws Exception {
    JsonNode j = json(compare("--json", "--model", "llama-3.1-8b", "--hardware", "lpu,h100"));

    assertEquals("llama-3.1-8b", j.get("compared_model").asText());
    assertFalse(j.get("same_model").asBoolean());
    assertEquals("stories260K-q8_0.gguf", j.at("/platforms/0/model").asText());
    assertEquals("-", j.at("/platforms/0/router").asText(), "another model: not offered to the router");
    assertEquals("llama-3.1-8b", j.at("/platforms/1/model").asText());
    assertTrue(j.at("/platforms/1/devices").asInt() > 1, "an 8B model needs many LPU chips: " + j);
    assertEquals(24, j.get("output_tokens").asInt(), "the simulated workload is --max-tokens");
    assertEquals(4, j.get("prompt_tokens").asInt(), "16 characters at about 4 a token");
    assertTrue(List.of("lpu", "h100").contains(j.at("/pick/platform").asText()), j::toString);
  }

  @Test
  void aPngChartIsARealPicture() throws Exception {
    Path png = dir.resolve("platforms.png");
    CliResult r = compare("--chart", png.toString(), "--ttft-budget-ms", "50");

    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().contains("chart: " + png), r::toString);
    assertTrue(Files.size(png) > 10_000, "a picture, not a stub: " + Files.size(png) + " bytes");
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1000, image.getWidth());
    assertEquals(640, image.getHeight());
    int colours = 0;
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        if (seen.add(image.getRGB(x, y)) && ++colours > 20) {
          return; // markers in several colours, text, axes: drawn
        }
      }
    }
    throw new AssertionError("only " + colours + " colours in the picture");
  }

  @Test
  void anSvgChartNamesEveryPlatform() throws Exception {
    Path svg = dir.resolve("platforms.svg");
    CliResult r = compare("--json", "--chart", svg.toString());

    assertEquals(0, r.exitCode(), r::toString);
    JSON.readTree(r.out()); // with --json, stdout is only the JSON object
    assertTrue(Files.size(svg) > 5_000, Files.size(svg) + " bytes");
    DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
    // The SVG names the W3C DTD; tests never fetch anything beyond loopback.
    xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document doc = xml.newDocumentBuilder().parse(svg.toFile());
    assertEquals("svg", doc.getDocumentElement().getTagName());
    // XChart draws text as glyph outlines; each platform is a coloured marker drawn twice, in the
    // plot and in the legend, in a colour of its own (greys are axes, grid and text).
    java.util.Map<String, Integer> fills = new java.util.HashMap<>();
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("fill:rgb\\((\\d+),(\\d+),(\\d+)\\)").matcher(Files.readString(svg));
    while (m.find()) {
      if (!(m.group(1).equals(m.group(2)) && m.group(2).equals(m.group(3)))) {
        fills.merge(m.group(), 1, Integer::sum);
      }
    }
    assertEquals(1 + SIMULATED.size(), fills.size(), fills::toString);
    assertTrue(fills.values().stream().allMatch(n -> n >= 2), fills::toString);
  }

  @Test
  void anEndpointThatIsDownSaysWhyWhileTheOthersPrint() throws Exception {
    int closedPort = closedPort();
    server.enqueue(chatStream("The", " end", "."));
    Path config = Cli.configFile(dir,
        "infer4j.backends.down.type=remote",
        "infer4j.backends.down.base-url=http://127.0.0.1:" + closedPort + "/v1",
        "infer4j.backends.down.model=m",
        "infer4j.backends.down.max-retries=0",
        "infer4j.backends.up.type=remote",
        "infer4j.backends.up.base-url=" + server.url("/v1"),
        "infer4j.backends.up.model=served-model",
        "infer4j.backends.up.cost-per-million-tokens=0.25");

    JsonNode j = json(compare("--json", "--config", config.toString(), "--timeout-s", "10"));

    JsonNode platforms = j.get("platforms");
    assertEquals(3 + SIMULATED.size(), platforms.size(), j::toString);
    JsonNode down = platforms.get(1);
    assertEquals("down", down.get("platform").asText());
    assertTrue(down.get("ttft_ms").isNull());
    assertTrue(down.get("error").asText().startsWith("BackendUnavailableException: "), down::toString);
    JsonNode up = platforms.get(2);
    assertEquals("up", up.get("platform").asText());
    assertEquals("served-model", up.get("model").asText());
    assertEquals("measured", up.get("source").asText());
    assertEquals(0.25, up.get("cost_per_million_tokens").asDouble());
    assertTrue(up.get("error").isNull());
    assertEquals("/v1/chat/completions", server.takeRequest().getUrl().encodedPath(),
        "remote endpoints are asked as a chat (several hosted services serve only chat)");
    assertEquals("measured", platforms.get(0).get("source").asText(), "the in-process model still ran");
  }

  @Test
  void theTableShowsADownEndpointsReasonOnItsRow() throws Exception {
    int closedPort = closedPort();
    Path config = Cli.configFile(dir,
        "infer4j.backends.down.type=remote",
        "infer4j.backends.down.base-url=http://127.0.0.1:" + closedPort + "/v1",
        "infer4j.backends.down.model=m",
        "infer4j.backends.down.max-retries=0");

    CliResult r = compare("--config", config.toString(), "--hardware", "h100");

    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.outLines().stream().anyMatch(l -> l.startsWith("down ")
        && l.contains("failed: BackendUnavailableException")), r::toString);
    assertTrue(r.outLines().stream().anyMatch(l -> l.startsWith("h100 ")), r::toString);
  }

  /** A loopback port nothing listens on: connections are refused at once. */
  private static int closedPort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static MockResponse chatStream(String... pieces) {
    StringBuilder body = new StringBuilder();
    for (String p : pieces) {
      body.append("data: {\"model\":\"served-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
          .append(p).append("\"}}]}\n\n");
    }
    body.append("data: {\"model\":\"served-model\",\"choices\":[{\"index\":0,\"delta\":{},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":")
        .append(pieces.length).append("}}\n\n").append("data: [DONE]\n\n");
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body(body.toString()).build();
  }

  @Test
  void anUnknownModelListsTheCatalog() {
    CliResult r = compare("--model", "llama-9-1000b");

    assertEquals(8, r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().startsWith("error: ModelNotFoundException: "), r::toString);
    assertTrue(r.err().contains("llama-9-1000b") && r.err().contains("llama-3.1-8b")
        && r.err().contains("llama-3.3-70b"), r::toString);
  }

  @Test
  void aChartPathThatCannotBeWrittenStopsBeforeAnythingRuns() throws Exception {
    Path folderAsFile = Files.writeString(dir.resolve("not-a-folder"), "x");
    for (String path : new String[] {
        dir.resolve("missing/chart.png").toString(),
        folderAsFile.resolve("chart.png").toString(),
        dir.resolve("chart.jpg").toString(),
        dir.toString() + "/"}) {
      CliResult r = compare("--chart", path);
      assertEquals(3, r.exitCode(), r::toString);
      assertEquals(1, r.errLines().size(), r::toString);
      assertTrue(r.err().contains("--chart "), r::toString);
      assertEquals("", r.out(), "nothing ran: " + r);
    }
  }

  @Test
  void unknownHardwareOrPolicyIsAnInvalidRequestNamingIt() {
    CliResult hw = compare("--hardware", "lpu,tpu-v9");
    assertEquals(3, hw.exitCode(), hw::toString);
    assertTrue(hw.err().contains("hardware") && hw.err().contains("tpu-v9")
        && hw.err().contains("h100"), hw::toString);

    CliResult policy = compare("--policy", "cheapest");
    assertEquals(3, policy.exitCode(), policy::toString);
    assertTrue(policy.err().contains("policy") && policy.err().contains("cheapest-within-budget"),
        policy::toString);
  }

  @Test
  void flagsThatCannotWorkStopItBeforeAnythingRuns() throws Exception {
    Path config = Cli.configFile(dir,
        "infer4j.backends.priced.type=remote",
        "infer4j.backends.priced.base-url=http://127.0.0.1:9/v1",
        "infer4j.backends.priced.model=m",
        "infer4j.backends.priced.cost-per-million-tokens=-5");
    String[][] cases = {
        {"--hardware", "h100,H100"},
        {"--precision", "fp9"},
        {"--backends", "nosuch"},
        {"--backends", "gpu"},
        {"--backends", "lpu", "--hardware", "lpu"},
        {"--config", config.toString()},
        {"--max-tokens", "0"},
        {"--ttft-budget-ms", "-5"}};
    int[] codes = {3, 3, 3, 3, 3, 4, 3, 3};
    String[] named = {"hardware", "precision", "nosuch", "gpu", "lpu", "cost-per-million-tokens",
        "--max-tokens must be at least 1", "--ttft-budget-ms must be a positive number of milliseconds: -5"};
    for (int i = 0; i < cases.length; i++) {
      List<String> args = new ArrayList<>(List.of("compare", "--prompt", "Once upon a time"));
      args.addAll(List.of(cases[i]));
      CliResult r = Cli.run(args.toArray(String[]::new));
      assertEquals(codes[i], r.exitCode(), r::toString);
      assertEquals(1, r.errLines().size(), r::toString);
      assertTrue(r.err().contains(named[i]), r::toString);
      assertEquals("", r.out(), "nothing ran: " + r);
    }
  }

  @Test
  void aConfiguredDeviceIsKeptWhereCudaFirstWouldFallBack() throws Exception {
    JsonNode auto = json(compare("--json", "--hardware", "lpu"));
    String device = auto.at("/platforms/0/device").asText();
    assertTrue(device.equals("cpu-reference") || device.startsWith("cuda"), auto::toString);

    Path config = Cli.configFile(dir, "infer4j.backends.gpu.device=cuda");
    JsonNode cuda = json(compare("--json", "--hardware", "lpu", "--config", config.toString()));
    JsonNode local = cuda.at("/platforms/0");
    assertTrue(local.get("device").asText().startsWith("cuda")
        || local.get("error").asText().contains("infer4j.backends.gpu.device=cuda"),
        "either on CUDA or failing as configured, never silently on the CPU: " + local);
  }

  @Test
  void withoutModelTheConfiguredOneIsCompared() throws Exception {
    Path config = Cli.configFile(dir, "infer4j.model=llama-3.1-8b");
    JsonNode j = json(compare("--json", "--config", config.toString(), "--hardware", "h200"));
    assertEquals("llama-3.1-8b", j.get("compared_model").asText());
  }

  @Test
  void aPrecisionOnlyGpusOfferLeavesTheLpuRowSayingWhy() throws Exception {
    JsonNode j = json(compare("--json", "--precision", "q4_0", "--hardware", "lpu,h200"));

    JsonNode lpu = j.at("/platforms/1");
    assertTrue(lpu.get("ttft_ms").isNull());
    assertTrue(lpu.get("error").asText().contains("q4_0"), lpu::toString);
    assertEquals("q4_0", j.at("/platforms/2/precision").asText());
    assertTrue(j.at("/platforms/2/error").isNull());
  }
}
