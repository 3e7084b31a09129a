package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.remote.Preset;
import io.infer4j.spi.LatencyEstimate;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PublishedSpeedsTest {

  @Test
  void aPublishedSpeedBecomesAPerTokenTimeWithItsSource() {
    LatencyEstimate e = PublishedSpeeds.find(Preset.GROQ, "llama-3.1-8b-instant").orElseThrow().estimate();
    assertEquals(Duration.ofNanos(1_785_714), e.perToken(), "1 s / 560 tokens");
    assertEquals(Duration.ofMillis(220), e.timeToFirstToken());
    assertEquals(PublishedSpeeds.CONFIDENCE, e.confidence());
    assertTrue(e.source().startsWith("published: GroqCloud models page"), e.source());
    assertTrue(e.source().contains("llmperf-leaderboard"), e.source());
  }

  @Test
  void modelsMatchIgnoringCaseAndSpacesButOnlyOnTheirPreset() {
    assertTrue(PublishedSpeeds.find(Preset.GROQ, " Llama-3.3-70B-Versatile ").isPresent());
    assertFalse(PublishedSpeeds.find(Preset.CUSTOM, "llama-3.3-70b-versatile").isPresent(),
        "the figure is the provider's, not the model's anywhere");
    assertFalse(PublishedSpeeds.find(Preset.GROQ, "llama-3.3-70b").isPresent());
    assertFalse(PublishedSpeeds.find(Preset.GROQ, null).isPresent());
  }

  @Test
  void everyEntryIsUsable() {
    for (PublishedSpeeds.Entry e : PublishedSpeeds.all()) {
      assertTrue(e.tokensPerSecond() > 0, e.toString());
      assertFalse(e.speedSource().isBlank(), e.toString());
      assertFalse(e.ttftSource().isBlank(), e.toString());
      assertEquals(e, PublishedSpeeds.find(e.preset(), e.model()).orElseThrow(), "ids are unique");
    }
  }
}
