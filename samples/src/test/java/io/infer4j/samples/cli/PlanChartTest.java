package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * {@code plan --chart} (one hardware against its chip or GPU count) and {@code plan --compare}
 * (several hardware side by side, the Pareto front of cost against latency) through the real
 * command line: real PNG and SVG files, the table and JSON beside them, and flags that are wrong.
 */
class PlanChartTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIVE = "lpu,h100,h200,mi300x,tpu-v6e";

  @TempDir Path dir;

  /**
   * The SVG parses as XML; its colours that are not greys (axes, grid and text are), each with how
   * often it fills something: a marker is a filled shape, drawn again in the legend where there is
   * one.
   */
  private static Map<String, Integer> markerColours(Path svg) throws Exception {
    DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
    // The SVG names the W3C DTD; tests never fetch anything beyond loopback.
    xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document doc = xml.newDocumentBuilder().parse(svg.toFile());
    assertEquals("svg", doc.getDocumentElement().getTagName());
    Map<String, Integer> fills = new HashMap<>();
    Matcher m = Pattern.compile("fill:rgb\\((\\d+),(\\d+),(\\d+)\\)").matcher(Files.readString(svg));
    while (m.find()) {
      if (!(m.group(1).equals(m.group(2)) && m.group(2).equals(m.group(3)))) {
        fills.merge(m.group(), 1, Integer::sum);
      }
    }
    return fills;
  }

  @Test
  void anLpuSweepIsAnSvgWithAPanelPerQuantityAndTheTableStillPrints() throws Exception {
    Path svg = dir.resolve("lpu.svg");
    CliResult r = Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "lpu", "--chart", svg.toString());

    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().contains("inter-token latency") && r.out().contains("vs HBM GPUs"), r.out());
    assertTrue(r.outLines().getLast().startsWith("chart: " + svg + " (not drawn: cost: no price per"
        + " chip-hour"), r.out());
    // latency, tokens/s and energy, each a colour of its own; no price, so no cost panel
    assertEquals(3, markerColours(svg).size(), markerColours(svg)::toString);

    Path priced = dir.resolve("lpu-priced.svg");
    CliResult withPrice = Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "lpu",
        "--price-per-hour", "1.5", "--chart", priced.toString());
    assertEquals(0, withPrice.exitCode(), withPrice::toString);
    assertEquals("chart: " + priced, withPrice.outLines().getLast());
    assertEquals(4, markerColours(priced).size(), "and a cost panel: " + markerColours(priced));
  }

  @Test
  void aGpuSweepIsAPngOfFourPanelsAndJsonStaysOneObject() throws Exception {
    Path png = dir.resolve("h100.png");
    CliResult r = Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "h100", "--json",
        "--chart", png.toString());

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(1, JSON.readTree(r.out()).get("gpus").asInt(), "with --json, stdout is only the plan");
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(2 * 620, image.getWidth(), "two panels to a row");
    assertEquals(36 + 2 * 400, image.getHeight(), "a heading and two rows: latency, tokens/s, cost, energy");
  }

  @Test
  void compareIsATableWithARowPerHardwareAndTheParetoFront() {
    CliResult r = Cli.run("plan", "--model", "llama-3.1-70b", "--compare", FIVE);

    assertEquals(0, r.exitCode(), r::toString);
    List<String> lines = r.outLines();
    assertTrue(lines.get(0).contains("llama-3.1-70b, fp8 weights"), "fp8 on all by default: " + r.out());
    for (String hw : FIVE.split(",")) {
      assertTrue(lines.stream().anyMatch(l -> l.startsWith(hw + " ")), hw + " in " + r.out());
    }
    String lpu = lines.stream().filter(l -> l.startsWith("lpu ")).findFirst().orElseThrow();
    assertTrue(lpu.contains("not on the cost chart; give --price-per-hour"), lpu);
    assertTrue(lines.getLast().startsWith("Pareto front ") && lines.getLast().contains("mi300x"), r.out());
    assertFalse(lines.getLast().contains("lpu"), "no price, not on the front: " + r.out());
  }

  @Test
  void compareJsonIsAnArrayWhoseFrontNothingBeats() throws Exception {
    CliResult r = Cli.run("plan", "--model", "llama-3.1-70b", "--compare", FIVE, "--json",
        "--price-per-hour", "1");

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode rows = JSON.readTree(r.out());
    assertTrue(rows.isArray());
    assertEquals(5, rows.size());
    assertEquals("given", rows.get(0).get("price_source").asText(), "the LPU priced by the flag");
    assertEquals(6.88, rows.get(1).get("usd_per_million_output_tokens").asDouble()
        / 1e6 * 3600 * rows.get(1).get("output_tokens_per_s").asDouble(), 1e-3,
        "the H100 keeps its list price");
    int onFront = 0;
    for (JsonNode a : rows) {
      boolean beaten = false;
      for (JsonNode b : rows) {
        double al = a.get("inter_token_latency_ms").asDouble();
        double ac = a.get("usd_per_million_output_tokens").asDouble();
        double bl = b.get("inter_token_latency_ms").asDouble();
        double bc = b.get("usd_per_million_output_tokens").asDouble();
        beaten |= bl <= al && bc <= ac && (bl < al || bc < ac);
      }
      assertEquals(!beaten, a.get("pareto_front").asBoolean(), a::toString);
      onFront += beaten ? 0 : 1;
    }
    assertTrue(onFront >= 1);
  }

  @Test
  void compareChartIsAnSvgWithOneMarkerColourPerPricedHardware() throws Exception {
    Path svg = dir.resolve("compare.svg");
    CliResult r = Cli.run("plan", "--model", "llama-3.1-70b", "--compare", FIVE, "--chart", svg.toString());

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("chart: " + svg, r.outLines().getLast());
    Map<String, Integer> colours = markerColours(svg);
    assertEquals(4, colours.size(), "h100, h200, mi300x, tpu-v6e; the LPU has no price: " + colours);
    assertTrue(colours.values().stream().allMatch(n -> n >= 2), "in the plot and the legend: " + colours);

    Path all = dir.resolve("compare-all.svg");
    CliResult priced = Cli.run("plan", "--model", "llama-3.1-70b", "--compare", FIVE,
        "--price-per-hour", "1", "--chart", all.toString());
    assertEquals(0, priced.exitCode(), priced::toString);
    assertEquals(5, markerColours(all).size(), markerColours(all)::toString);
    assertTrue(markerColours(all).keySet().containsAll(colours.keySet()),
        "each hardware keeps its colour whether or not the LPU is priced");
  }

  @Test
  void aChartPathThatCannotBeWrittenStopsBeforeAnythingRuns() throws Exception {
    Path folderAsFile = Files.writeString(dir.resolve("not-a-folder"), "x");
    for (String path : new String[] {
        dir.resolve("missing/chart.png").toString(),
        folderAsFile.resolve("chart.svg").toString(),
        dir.resolve("chart.jpg").toString(),
        dir.toString() + "/"}) {
      for (List<String> mode : List.of(List.of("--hardware", "lpu"), List.of("--compare", FIVE))) {
        List<String> args = new ArrayList<>(List.of("plan", "--model", "llama-3.1-8b", "--chart", path));
        args.addAll(mode);
        CliResult r = Cli.run(args.toArray(String[]::new));
        assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("error: InvalidRequestException: invalid request: chart: --chart "
            + Path.of(path) + ": "), r::toString);
        assertEquals("", r.out(), "nothing ran: " + r);
      }
    }
  }

  @Test
  void compareWithAnUnknownHardwareFailsNamingItAndTheAcceptedOnes() {
    CliResult r = Cli.run("plan", "--model", "llama-3.1-8b", "--compare", "lpu,h100,tpu-v9",
        "--chart", dir.resolve("never.svg").toString());

    assertEquals(ExitCode.INVALID_REQUEST.code(), r.exitCode(), r::toString);
    assertEquals(List.of("error: InvalidRequestException: invalid request: hardware: unknown hardware"
        + " 'tpu-v9'; accepted: lpu, h100, h200, a100, l4, b200, mi300x, mi325x, tpu-v5e, tpu-v6e"),
        r.errLines());
    assertFalse(Files.exists(dir.resolve("never.svg")));
  }

  @Test
  void flagsThatDoNotGoTogetherAreNamed() {
    CliResult both = Cli.run("plan", "--model", "llama-3.1-8b", "--compare", "h100", "--hardware", "h100");
    assertEquals(ExitCode.INVALID_REQUEST.code(), both.exitCode(), both::toString);
    assertTrue(both.err().contains("compare: --compare plans each hardware at the fewest"), both.err());

    CliResult rate = Cli.run("plan", "--model", "llama-3.1-8b", "--hardware", "h100", "--rate", "5",
        "--ttft-slo", "300", "--tpot-slo", "40", "--chart", dir.resolve("rate.png").toString());
    assertEquals(ExitCode.INVALID_REQUEST.code(), rate.exitCode(), rate::toString);
    assertTrue(rate.err().contains("chart: --chart draws one hardware"), rate.err());
  }
}
