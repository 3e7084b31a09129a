package io.infer4j.samples.cdi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CDI SE sample starts Weld, injects the default and the named client, and shuts down. */
class StoryAppTest {

  private PrintStream previousOut;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void configure() {
    System.setProperty("infer4j.backend", "alpha");
    System.setProperty("infer4j.backends.critic.type", "beta");
    previousOut = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(previousOut);
    System.clearProperty("infer4j.backend");
    System.clearProperty("infer4j.backends.critic.type");
  }

  @Test
  void printsAStoryFromTheDefaultBackendAndAReviewFromTheNamedOne() {
    StoryApp.main(new String[] {"Once upon a time"});

    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.startsWith("Once upon a timealpha0 alpha1"), printed);
    assertTrue(printed.contains("-- critic: critic0 critic1"), printed);
  }
}
