package io.infer4j.quarkus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole life of {@link StoryApp} in this JVM: start (where infer4j creates the default
 * client), run, stop (where it closes the clients). Quarkus logs on standard output, which {@link
 * LaunchResult#getOutput()} holds together with what the application prints.
 */
@QuarkusMainTest
class StoryAppTest {

  @Test
  @Launch({"Once", "upon", "a", "time"})
  void printsTheStoryAndTheCriticsReview(LaunchResult result) {
    assertTrue(result.getOutput().contains(
        "Once upon a time, a robot learnt to paint.\n-- critic: Short and sweet."),
        result.getOutput());
  }

  @Test
  @Launch({})
  void theClientsAreClosedWhenTheApplicationStops(LaunchResult result) {
    for (String name : List.of("writer", "critic")) {
      String closed = "BackendUnavailableException: backend '" + name + "' unavailable: "
          + "client is closed";
      assertTrue(result.getOutput().contains(ShutdownWitness.PREFIX + closed), result.getOutput());
    }
  }

  @Test
  void anUnknownDefaultBackendFailsTheStartNamingTheKey(QuarkusMainLauncher launcher) {
    // What a user sees who starts the application with -Dinfer4j.backend=nosuch. Quarkus logs it
    // (ERROR ... Failed to start application), so the build output shows it too.
    System.setProperty("infer4j.backend", "nosuch");
    LaunchResult result;
    try {
      result = launcher.launch();
    } finally {
      System.clearProperty("infer4j.backend");
    }

    assertEquals(1, result.exitCode());
    assertTrue(result.getOutput().contains(
        "InvalidConfigurationException: infer4j.backend=nosuch: no backend named 'nosuch'; "
            + "available backends: fake, record, replay, router; "
            + "configured instances: critic (type fake), writer (type fake)"),
        result.getOutput());
    // At run time, not in static initialization (which a native image runs at build time).
    assertFalse(result.getOutput().contains("ExceptionInInitializerError"), result.getOutput());
    // By infer4j's own start-up observer (ShutdownWitness injects the client too, but observes
    // Startup later, so without the registry's observer this test would still see the error).
    assertTrue(result.getOutput().contains("ClientRegistry.createDefaultAtStartup"), result.getOutput());
  }
}
