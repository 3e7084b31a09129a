package io.infer4j.testing;

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
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replay reports the usage the recorded backend reported: cached prompt tokens and cost too. */
class CassetteUsageTest {

  @TempDir Path dir;

  /** A backend that answers "ok" and reports 1,000 prompt tokens (200 cached), 500 out, a cost. */
  static final class PricedBackend implements Backend {
    static final Usage USAGE = Usage.reported(1000, 500, 200)
        .withCost(Cost.usd("0.000867", "configured price"));

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
          return GenerationResult.of(FinishReason.STOP, "m").withUsage(USAGE);
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public void close() {}
  }

  @Test
  void cachedTokensAndCostSurviveRecordAndReplay() {
    Path cassette = dir.resolve("usage.json");
    InferenceRequest ask = InferenceRequest.ofUserMessage("hi");
    try (InferenceClient rec = InferenceClients.of("llm", Cassettes.recording(new PricedBackend(), cassette))) {
      assertEquals(PricedBackend.USAGE, rec.generate(ask).usage());
    }
    try (InferenceClient replay = InferenceClients.of("llm", Cassettes.replaying(cassette))) {
      assertEquals(PricedBackend.USAGE, replay.generate(ask).usage());
    }
  }
}
