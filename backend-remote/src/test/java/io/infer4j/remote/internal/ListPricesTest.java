package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.Cost;
import io.infer4j.Usage;
import io.infer4j.remote.Preset;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ListPricesTest {

  @Test
  void aPriceIsExactDecimalArithmeticPerMillionTokens() {
    Price p = Price.of("0.59", "0.79", "test");
    assertEquals(Cost.usd("0.000985", "test"), p.costOf(Usage.reported(1000, 500)));
    assertEquals(Cost.usd("0", "test"), p.costOf(Usage.reported(0, 0)));
    // 0.1 is not a double; 3 x 0.1 per million is exactly 0.0000003
    assertEquals(Cost.usd("0.0000003", "t"), Price.of("0.1", "0", "t").costOf(Usage.reported(3, 0)));
  }

  @Test
  void cachedPromptTokensArePricedOnceAtTheCachedPrice() {
    Price p = Price.of("0.15", "0.075", "0.60", "test");
    // 1,000 uncached x 0.15 + 3,000 cached x 0.075 + 0 output = 150 + 225 = 375 per million
    assertEquals(Cost.usd("0.000375", "test"), p.costOf(Usage.reported(4000, 0, 3000)));
    assertEquals(new BigDecimal("0.15"), Price.of("0.15", "0.60", "t").cachedInputPerMillion(),
        "without a cached price, cached tokens cost the input price");
  }

  @Test
  void theListedGroqModelsHaveThePricesOfItsModelsPage() {
    Price small = ListPrices.find(Preset.GROQ, "llama-3.1-8b-instant", null).orElseThrow();
    assertEquals(0, new BigDecimal("0.05").compareTo(small.inputPerMillion()));
    assertEquals(0, new BigDecimal("0.08").compareTo(small.outputPerMillion()));
    Price oss = ListPrices.find(Preset.GROQ, "openai/gpt-oss-120b", null).orElseThrow();
    assertEquals(0, new BigDecimal("0.075").compareTo(oss.cachedInputPerMillion()),
        "half the input price: Groq caches prompts of the gpt-oss models");
    assertTrue(oss.source().contains("console.groq.com/docs/prompt-caching"), oss.source());
  }

  @Test
  void modelsMatchOnTheirPresetByTheRequestedIdElseTheServedOne() {
    assertTrue(ListPrices.find(Preset.GROQ, " Llama-3.3-70B-Versatile ", null).isPresent());
    assertTrue(ListPrices.find(Preset.OPENAI, null, "gpt-4o-mini").isPresent());
    assertTrue(ListPrices.find(Preset.OPENAI, "unknown", "gpt-4o-mini").isPresent());
    assertFalse(ListPrices.find(Preset.OPENAI, null, "gpt-4o-mini-2024-07-18").isPresent(),
        "a dated snapshot may be priced differently from its alias");
    assertFalse(ListPrices.find(Preset.VLLM, "llama-3.3-70b-versatile", null).isPresent(),
        "the price is the provider's, not the model's anywhere");
    assertFalse(ListPrices.find(Preset.GROQ, null, null).isPresent());
  }

  @Test
  void everyEntryNamesItsModelItsPageAndTheDateItWasRead() {
    for (ListPrices.Entry e : ListPrices.all()) {
      String s = e.price().source();
      assertTrue(s.contains(e.model()), s);
      assertTrue(s.matches(".*\\b(console\\.groq\\.com|Vercel AI Gateway).*"), s);
      assertTrue(s.matches(".*read \\d{4}-\\d{2}-\\d{2}.*"), s);
      assertTrue(e.price().cachedInputPerMillion().compareTo(e.price().inputPerMillion()) <= 0, s);
      assertEquals(e.price(), ListPrices.find(e.preset(), e.model(), null).orElseThrow(), "ids are unique");
    }
  }
}
