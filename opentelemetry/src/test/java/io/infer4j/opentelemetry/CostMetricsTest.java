package io.infer4j.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.Cost;
import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.TokenChunk;
import io.infer4j.Usage;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A response's cost and cached input tokens reach the span and infer4j's two counters. */
class CostMetricsTest {

  /** Answers "ok", reporting 1,000 prompt tokens of which 200 cached, 500 out, $0.000867. */
  private static final class PricedBackend implements Backend {
    @Override
    public Set<Capability> capabilities() {
      return EnumSet.of(Capability.CHAT, Capability.STREAMING);
    }

    @Override
    public Generation start(InferenceRequest request, Deadline deadline) {
      return new Generation() {
        private boolean sent;

        @Override
        public TokenChunk next() {
          if (sent) {
            return null;
          }
          sent = true;
          return TokenChunk.of(0, "ok");
        }

        @Override
        public GenerationResult result() {
          return GenerationResult.of(FinishReason.STOP, "m").withUsage(
              Usage.reported(1000, 500, 200).withCost(Cost.usd("0.000867", "configured price")));
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public void close() {}
  }

  @Test
  void costAndCachedInputTokensAreCountedAndOnTheSpan() {
    try (InMemoryTelemetry otel = new InMemoryTelemetry();
        InferenceClient client = InferenceClients.withListener(
            InferenceClients.of("groq", new PricedBackend()), InferenceTelemetry.create(otel.sdk))) {
      client.generate(InferenceRequest.ofUserMessage("hi"));
      client.generate(InferenceRequest.ofUserMessage("hi"));

      MetricData cost = otel.metric("infer4j.client.cost").orElseThrow();
      assertEquals("{USD}", cost.getUnit());
      assertEquals(2 * 0.000867, cost.getDoubleSumData().getPoints().iterator().next().getValue(), 1e-12);
      MetricData cached = otel.metric("infer4j.client.token.cached_input").orElseThrow();
      assertEquals(400, cached.getLongSumData().getPoints().iterator().next().getValue());

      SpanData span = otel.finishedSpans().get(0);
      assertEquals(200L, span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens")));
      assertEquals(0.000867, span.getAttributes().get(AttributeKey.doubleKey("infer4j.cost.usd")), 1e-12);
    }
  }
}
