package io.infer4j.samples.cli.internal.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  @Test
  void oneLineIsRewrittenInPlaceAndClearedAtTheEnd() {
    StringWriter err = new StringWriter();
    ProgressLine p = new ProgressLine(new PrintWriter(err), 2);
    p.start("gpu", "running the prompt");
    p.done("gpu", "24 tokens in 80 ms");
    p.start("groq", "running the prompt");
    p.finish();

    String s = err.toString();
    assertTrue(s.startsWith("\rcompare [1/2] gpu: running the prompt ..."), s);
    assertTrue(s.contains("\rcompare [1/2] gpu: 24 tokens in 80 ms"), s);
    assertTrue(s.contains("\rcompare [2/2] groq: running the prompt ..."), s);
    assertTrue(!s.contains("\n"), "never a new line: " + s);
    String last = s.substring(s.lastIndexOf('\r', s.length() - 2));
    assertEquals("\r", s.substring(s.length() - 1));
    assertTrue(last.strip().isEmpty(), "the line ends blank: [" + last + "]");
  }
}
