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
  void aZeroKeepAliveIsRejectedNamingTheKey() {
    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, () -> settings("keep-alive", "0s"));
    assertEquals("infer4j.backends.s.keep-alive", e.key());
  }
}
