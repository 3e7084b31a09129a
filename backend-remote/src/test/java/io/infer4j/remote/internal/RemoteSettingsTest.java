package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.spi.BackendConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defaults and validation of the connection and response-size settings. */
class RemoteSettingsTest {

  private static RemoteSettings settings(String... pairs) {
    Map<String, String> m = new HashMap<>();
    m.put("base-url", "http://127.0.0.1:1/v1");
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return RemoteSettings.from(BackendConfig.ofMap("s", "remote", m));
  }

  @Test
  void idleConnectionsAreKeptLessThanTheFiveSecondsOfUvicornAndNode() {
    assertEquals(Duration.ofSeconds(4), settings().keepAlive());
    assertTrue(settings().keepAlive().compareTo(Duration.ofSeconds(5)) < 0);
    assertEquals(Duration.ofMinutes(1), settings("keep-alive", "1m").keepAlive());
  }

  @Test
  void oneEventMayTakeOneMebibyteAndEachRequestedTokenFourKibibytes() {
    assertEquals(1 << 20, settings().maxEventSize());
    assertEquals(4 << 10, settings().maxBytesPerToken());
    ResponseCaps caps = new ResponseCaps(settings(), 16);
    assertEquals((1 << 20) + 16 * (4 << 10), caps.totalBytes());
    assertEquals(1 << 20, caps.eventBytes());
  }

  @Test
  void sizesTakeBytesOrBinaryUnits() {
    assertEquals(65_536, settings("max-event-size", "64KiB").maxEventSize());
    assertEquals(2 << 20, settings("max-event-size", "2MiB").maxEventSize());
    assertEquals(1L << 30, settings("max-event-size", "1GiB").maxEventSize());
    assertEquals(300, settings("max-bytes-per-token", "300").maxBytesPerToken());
    assertEquals(512, settings("max-bytes-per-token", "512B").maxBytesPerToken());
  }

  @Test
  void aSizeThatIsNotPositiveOrHasADecimalUnitIsRejectedNamingTheKey() {
    for (String bad : new String[] {"0", "-1", "1MB", "1.5MiB", "lots", "99999999999GiB"}) {
      InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
          () -> settings("max-event-size", bad), bad);
      assertEquals("infer4j.backends.s.max-event-size", e.key());
      assertTrue(e.getMessage().contains("KiB"), e.getMessage());
    }
  }

  @Test
  void theResponseCapSaturatesInsteadOfOverflowing() {
    RemoteSettings s = settings("max-event-size", "1GiB", "max-bytes-per-token", "8589934591GiB");
    assertEquals(Long.MAX_VALUE, new ResponseCaps(s, Integer.MAX_VALUE).totalBytes());
  }

  @Test
  void aZeroKeepAliveIsRejectedNamingTheKey() {
    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, () -> settings("keep-alive", "0s"));
    assertEquals("infer4j.backends.s.keep-alive", e.key());
  }
}
