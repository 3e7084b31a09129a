package io.infer4j.samples.cli.internal.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.shape.ModelCatalog;
import io.infer4j.spi.LatencyEstimate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class ComparisonChartTest {

  private static Comparison comparison(List<PlatformRow> rows, Set<String> offered,
      OptionalDouble ttftBudget, Optional<String> pick) {
    ComparedModel model = new ComparedModel(Path.of("stories260K-q8_0.gguf"), "q8_0",
        ModelCatalog.get("llama-3.1-8b"), false);
    return new Comparison("Once", " upon", model, 4, 100, "fp8", rows, offered, ttftBudget,
        OptionalDouble.empty(), RouterPick.Policy.FASTEST,
        new RouterPick.Pick(pick, "reason", pick.map(Set::of).orElse(Set.of())));
  }

  private static PlatformRow simulated(String id, long ttftMs, long perTokenMs) {
    return PlatformRow.of(id, id, Source.SIMULATED, "llama-3.1-8b", "fp8", 1, Figures.predicted(
        new LatencyEstimate(Duration.ofMillis(ttftMs), Duration.ofMillis(perTokenMs), 1.0), 100), "");
  }

  @Test
  void eachOfferedPlatformIsOnePointAtItsTtftAndRateThePickNamedAndTheBudgetALine() {
    PlatformRow local = PlatformRow.of("gpu", "cpu-reference", Source.MEASURED, "stories260K-q8_0.gguf",
        "q8_0", 1, Figures.measured(20, 900, 130, 100), "");
    PlatformRow down = PlatformRow.failed("groq", "", Source.MEASURED, "", "", "BackendUnavailableException: x");
    PlatformRow remote = PlatformRow.of("groq2", "remote", Source.MEASURED, "llama-3.1-8b-instant",
        "", 0, Figures.measured(200, 500, 400, 100), "");
    XYChart chart = ComparisonChart.chart(comparison(
        List.of(local, down, remote, simulated("lpu", 2, 1), simulated("h100", 4, 4)),
        Set.of("groq", "groq2", "lpu", "h100"), OptionalDouble.of(10), Optional.of("lpu")));

    var series = chart.getSeriesMap();
    assertEquals(List.of("groq2 (remote), measured, llama-3.1-8b-instant", "lpu, simulated (router pick)",
        "h100, simulated", "TTFT budget 10.0 ms"), List.copyOf(series.keySet()),
        "the in-process row ran another model: not plotted; the failed one has no point");
    XYSeries h100 = series.get("h100, simulated");
    assertEquals(3, java.util.stream.Stream.of("groq2 (remote), measured, llama-3.1-8b-instant",
        "lpu, simulated (router pick)", "h100, simulated")
        .map(n -> series.get(n).getMarkerColor()).distinct().count(), "a colour each");
    assertEquals(4.0, h100.getXData()[0], 1e-9);
    assertEquals(250.0, h100.getYData()[0], 1e-6);
    XYSeries budget = series.get("TTFT budget 10.0 ms");
    assertEquals(10.0, budget.getXData()[0]);
    assertEquals(10.0, budget.getXData()[1]);
  }

  @Test
  void withNothingToPlotTheTitleSaysSo() {
    XYChart chart = ComparisonChart.chart(comparison(List.of(
        PlatformRow.failed("groq", "", Source.MEASURED, "", "", "x")), Set.of("groq"),
        OptionalDouble.empty(), Optional.empty()));
    assertTrue(chart.getTitle().endsWith("no platform has figures to plot"), chart.getTitle());
  }
}
