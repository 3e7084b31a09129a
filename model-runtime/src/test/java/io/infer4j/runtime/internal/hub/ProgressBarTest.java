package io.infer4j.runtime.internal.hub;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void drawsInPlaceAndEndsTheLineWhenFinished() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "m.gguf");
    bar.update(0, 2 << 20);
    bar.finish(2 << 20, 2 << 20);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith("\rm.gguf ["), out);
    assertTrue(out.contains("100% 2.0/2.0 MiB"), out);
    assertTrue(out.endsWith(System.lineSeparator()), out);
  }

  @Test
  void anUnknownTotalShowsTheBytesSoFar() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "f").finish(1 << 20, -1);
    assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("\rf 1.0 MiB"));
  }
}
