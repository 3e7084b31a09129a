package io.infer4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Finds out what the extension relies on: SmallRye caches one Config per class loader, and its
 * system-property source reads {@link System#getProperty} on every lookup, so a property set
 * after the config was built is still seen. (The extension does not depend on this: it releases
 * a cached config that disagrees.)
 */
class SmallRyeSystemPropertiesVisibilityTest {

  private static final String KEY = "infer4j.test.visibility-probe";

  @AfterEach
  void clear() {
    System.clearProperty(KEY);
  }

  @Test
  void theCachedConfigSeesSystemPropertiesSetAfterItWasBuilt() {
    Config config = ConfigProvider.getConfig();
    assertEquals(Optional.empty(), config.getOptionalValue(KEY, String.class));
    System.setProperty(KEY, "later");
    assertSame(config, ConfigProvider.getConfig(), "the config is cached");
    assertEquals(Optional.of("later"), config.getOptionalValue(KEY, String.class));
    System.clearProperty(KEY);
    assertEquals(Optional.empty(), config.getOptionalValue(KEY, String.class));
  }
}
