package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.spi.BackendConfig;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The price-*-per-million keys: read, defaulted and validated. */
class PriceKeysTest {

  private static RemoteSettings settings(String... pairs) {
    Map<String, String> m = new HashMap<>();
    m.put("base-url", "http://127.0.0.1:1/v1");
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return RemoteSettings.from(BackendConfig.ofMap("s", "remote", m));
  }

  @Test
  void withoutPriceKeysNoPriceIsConfigured() {
    assertNull(settings().price());
    assertTrue(settings().priceFor("m", "m").isEmpty());
  }

  @Test
  void theCachedInputPriceDefaultsToTheInputPrice() {
    Price p = settings("price-input-per-million", "0.59", "price-output-per-million", "0.79").price();
    assertEquals(new BigDecimal("0.59"), p.inputPerMillion());
    assertEquals(new BigDecimal("0.59"), p.cachedInputPerMillion());
    assertEquals(new BigDecimal("0.79"), p.outputPerMillion());
    assertEquals("configured: infer4j.backends.s.price-*-per-million", p.source());
    Price cached = settings("price-input-per-million", "2", "price-output-per-million", "8",
        "price-cached-input-per-million", "0.5").price();
    assertEquals(new BigDecimal("0.5"), cached.cachedInputPerMillion());
  }

  @Test
  void aPriceNeedsBothTheInputAndTheOutputPrice() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> settings("price-input-per-million", "0.59"));
    assertEquals("infer4j.backends.s.price-output-per-million", e.key());
    e = assertThrows(InvalidConfigurationException.class,
        () -> settings("price-cached-input-per-million", "0.1", "price-output-per-million", "1"));
    assertEquals("infer4j.backends.s.price-input-per-million", e.key());
  }

  @Test
  void aPriceThatIsNotANonNegativeDecimalIsRejectedNamingTheKey() {
    for (String bad : new String[] {"-0.01", "$0.59", "cheap", "NaN", "1,5"}) {
      InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
          () -> settings("price-input-per-million", bad, "price-output-per-million", "1"), bad);
      assertEquals("infer4j.backends.s.price-input-per-million", e.key());
      assertTrue(e.getMessage().contains("per million tokens"), e.getMessage());
    }
  }
}
