package io.infer4j.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ProtocolException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

  private static final String KEY = "sk-proj-Abc123/def+ghi";

  private static Redactor of(String... secrets) {
    return Redactor.of(Arrays.asList(secrets), "****");
  }

  @Test
  void aLongSecretIsMaskedWhereverItOccurs() {
    assertEquals("key ****, again ****. x****y",
        of(KEY).redact("key " + KEY + ", again " + KEY + ". x" + KEY + "y"));
  }

  @Test
  void aLongSecretIsMaskedJsonEscapedAndUrlEncodedToo() {
    Redactor r = of(KEY);

    assertEquals("{\"k\":\"****\"}", r.redact("{\"k\":\"sk-proj-Abc123\\/def+ghi\"}"));
    assertEquals("?key=****", r.redact("?key=sk-proj-Abc123%2Fdef%2Bghi"));
    assertEquals("?key=****", r.redact("?key=sk-proj-Abc123%2fdef%2bghi"));
    assertEquals("a ****", of("with \"quote\" and space").redact("a with \\\"quote\\\" and space"));
    assertEquals("q=****", of("with a space").redact("q=with+a+space"));
    assertEquals("q=****", of("with a space").redact("q=with%20a%20space"));
  }

  @Test
  void aOneCharacterKeyDoesNotMangleWords() {
    Redactor r = of("k");

    assertEquals("backend 'remote' unavailable: bad key ****",
        r.redact("backend 'remote' unavailable: bad key k"));
    assertEquals("key=****; '****' (****)", r.redact("key=k; 'k' (k)"));
    assertFalse(r.reveals("backend k8s kk"));
    assertTrue(r.reveals("k"));
  }

  @Test
  void aShortKeyIsMaskedOnlyAsAWholeToken() {
    Redactor r = of("abc123");

    assertEquals("xabc123 abc123y abc123_ ****-**** ****.", r.redact("xabc123 abc123y abc123_ abc123-abc123 abc123."));
  }

  @Test
  void aSecretInsideAnotherIsMaskedWhole() {
    assertEquals("a **** b ****", of("secret-1234", "secret-1234-longer").redact("a secret-1234-longer b secret-1234"));
  }

  @Test
  void blankSecretsAndNullTextChangeNothing() {
    Redactor r = Redactor.of(Arrays.asList(null, "", "  "), "***");

    assertTrue(r.isEmpty());
    assertEquals("text", r.redact("text"));
    assertNull(of(KEY).redact(null));
    assertEquals("text", Redactor.none().redact("text"));
  }

  @Test
  void aThrowableThatShowsNoSecretIsKept() {
    IOException e = new IOException("timeout", new IllegalStateException("inner"));

    assertSame(e, of(KEY).scrub(e));
    assertNull(of(KEY).scrub(null));
  }

  @Test
  void aThrowableChainThatShowsTheSecretIsCopiedRedacted() {
    ProtocolException root = new ProtocolException("expected chunk size but was \"1" + KEY + "\"");
    IOException e = new IOException("wrapper of " + KEY, root);
    e.addSuppressed(new IllegalStateException("suppressed " + KEY));

    Throwable s = of(KEY).scrub(e);

    StringWriter trace = new StringWriter();
    s.printStackTrace(new PrintWriter(trace));
    assertFalse(trace.toString().contains(KEY), trace::toString);
    assertEquals("java.io.IOException (redacted): wrapper of ****", s.toString());
    assertEquals("java.net.ProtocolException (redacted): expected chunk size but was \"1****\"",
        s.getCause().toString());
    assertEquals("suppressed ****", s.getSuppressed()[0].getMessage());
    assertEquals(List.of(e.getStackTrace()), List.of(s.getStackTrace()));
  }

  @Test
  void aCauseCycleIsCopiedOnce() {
    IllegalStateException a = new IllegalStateException("a " + KEY);
    IllegalStateException b = new IllegalStateException("b", a);
    a.initCause(b);

    Throwable s = of(KEY).scrub(a);

    assertEquals("a ****", s.getMessage());
    assertSame(s, s.getCause().getCause());
  }
}
