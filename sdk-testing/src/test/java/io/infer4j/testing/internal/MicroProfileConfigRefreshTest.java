package io.infer4j.testing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.testing.internal.MicroProfileConfigRefresh.Expectation;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicroProfileConfigRefreshTest {

  private static final String KEY = "infer4j.test.refresh-probe";

  @AfterEach
  void releaseWhatTheTestRegistered() {
    System.clearProperty(KEY);
    ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
  }

  /** A cached config that cannot see system properties, as a snapshotting implementation would. */
  private static Config registerSnapshotConfig() {
    Config snapshot = new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(Map.of(KEY, "old"), "snapshot", 500))
        .build();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig(loader));
    ConfigProviderResolver.instance().registerConfig(snapshot, loader);
    return snapshot;
  }

  @Test
  void aCachedConfigThatDoesNotShowTheNewValueIsReleasedAndRebuilt() {
    Config stale = registerSnapshotConfig();
    System.setProperty(KEY, "new");
    assertTrue(MicroProfileConfigRefresh.refreshIfStale(Map.of(KEY, Expectation.is("new"))));
    Config fresh = ConfigProvider.getConfig();
    assertNotSame(stale, fresh);
    assertEquals("new", fresh.getValue(KEY, String.class));
  }

  @Test
  void aConfigThatAlreadyShowsTheValueIsKept() {
    Config config = ConfigProvider.getConfig();
    System.setProperty(KEY, "visible");
    assertFalse(MicroProfileConfigRefresh.refreshIfStale(Map.of(KEY, Expectation.is("visible"))));
    assertEquals(config, ConfigProvider.getConfig());
  }

  @Test
  void aRemovedValueMustNoLongerShow() {
    Config config = ConfigProvider.getConfig();
    assertFalse(MicroProfileConfigRefresh.refreshIfStale(Map.of(KEY, Expectation.isNot("gone"))));
    assertEquals(config, ConfigProvider.getConfig());
  }
}
