package io.infer4j.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidConfigurationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An unknown default backend fails the container's start-up, not the first request. */
class StartupValidationTest {

  @AfterEach
  void clear() {
    System.clearProperty("infer4j.backend");
  }

  @Test
  void anUnknownDefaultBackendFailsTheStartWithTheTypedError() {
    System.setProperty("infer4j.backend", "nosuch");

    RuntimeException e = assertThrows(RuntimeException.class, () -> WeldContainers.start().close());

    InvalidConfigurationException cause = rootConfigurationError(e);
    assertNotNull(cause, () -> "expected an InvalidConfigurationException in " + e);
    assertEquals("infer4j.backend", cause.key());
    assertEquals("nosuch", cause.value());
    assertTrue(cause.getMessage().contains("alpha, beta"), cause.getMessage());
  }

  private static InvalidConfigurationException rootConfigurationError(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof InvalidConfigurationException) {
        return (InvalidConfigurationException) c;
      }
    }
    return null;
  }
}
