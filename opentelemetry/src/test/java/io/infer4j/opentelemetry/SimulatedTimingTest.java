package io.infer4j.opentelemetry;

import static io.infer4j.opentelemetry.Keys.DEVICE;
import static io.infer4j.opentelemetry.Keys.DURATION;
import static io.infer4j.opentelemetry.Keys.PROVIDER;
import static io.infer4j.opentelemetry.Keys.SIMULATED;
import static io.infer4j.opentelemetry.Keys.SIMULATED_DURATION;
import static io.infer4j.opentelemetry.Keys.SIMULATED_TOTAL;
import static io.infer4j.opentelemetry.Keys.SIMULATED_TTFT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.Timing;
import io.infer4j.TokenChunk;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An in-process backend with simulated timing (as the LPU simulator reports it) records the same
 * client metrics, on the wall clock, and its predictions in infer4j's own.
 */
class SimulatedTimingTest {

  /** Answers two chunks at once and reports the timing a timing model predicted: 2 ms, 50 ms. */
  private static final class SimulatedBackend implements Backend {
    @Override
    public Set<Capability> capabilities() {
      return EnumSet.of(Capability.CHAT, Capability.RAW_PROMPT, Capability.STREAMING,
          Capability.SIMULATED_TIMING);
    }

    @Override
    public Generation start(InferenceRequest request, Deadline deadline) {
      Iterator<String> words = List.of("Hello", " world").iterator();
      return new Generation() {
        private int index;

        @Override
        public TokenChunk next() {
          return words.hasNext() ? TokenChunk.of(index++, words.next()) : null;
        }

        @Override
        public GenerationResult result() {
          return GenerationResult.of(FinishReason.STOP, "sim-model")
              .withTiming(new Timing(Duration.ofMillis(2), Duration.ofMillis(50), 20.0, true))
              .withDevice("lpu", 8);
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public void close() {}
  }

  @Test
  void simulatedTimingGoesToInfer4jsMetricsAndTheClientMetricsStayOnTheWallClock() {
    try (InMemoryTelemetry otel = new InMemoryTelemetry();
        InferenceClient client = InferenceClients.withListener(
            InferenceClients.of("lpu", new SimulatedBackend()), InferenceTelemetry.create(otel.sdk))) {
      client.generate(InferenceRequest.ofUserMessage("hi"));

      HistogramPointData wall = otel.point(DURATION);
      assertEquals("infer4j.lpu", wall.getAttributes().get(PROVIDER));
      assertEquals(true, wall.getAttributes().get(SIMULATED));
      assertTrue(wall.getSum() > 0 && wall.getSum() < 5, "the wall time: " + wall.getSum());

      HistogramPointData total = otel.point(SIMULATED_DURATION);
      assertEquals(0.05, total.getSum(), 1e-9);
      assertEquals("s", otel.metric(SIMULATED_DURATION).orElseThrow().getUnit());
      assertEquals("lpu", total.getAttributes().get(DEVICE));
      HistogramPointData first = otel.point(SIMULATED_TTFT);
      assertEquals(0.002, first.getSum(), 1e-9);
      assertEquals(List.of(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0,
          2.5, 5.0, 7.5, 10.0), first.getBoundaries(), "gen_ai.server.time_to_first_token's");

      SpanData span = otel.span("chat");
      assertEquals(true, span.getAttributes().get(SIMULATED));
      assertEquals("lpu", span.getAttributes().get(DEVICE));
      assertEquals(0.05, span.getAttributes().get(SIMULATED_TOTAL), 1e-9);
    }
  }
}
