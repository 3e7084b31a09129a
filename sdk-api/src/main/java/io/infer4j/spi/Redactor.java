package io.infer4j.spi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Masks secrets (API keys) in text before it becomes an exception message, a log line or
 * printed output. Immutable and thread-safe.
 *
 * <p>A secret of {@value #MIN_SUBSTRING_LENGTH} characters or more is masked wherever it occurs,
 * also in the forms a server echoing it may write: JSON-escaped (with or without {@code \/}) and
 * URL-encoded. A shorter one is not a real API key (a test's {@code "x"}, a placeholder) and is
 * masked only where it stands as a whole token, between characters that are not letters, digits
 * or {@code _}, so that the key {@code k} masks {@code "bad key k"} but leaves {@code "backend"}
 * alone. For backends that hold secrets (SPI), and for tools that print their errors.
 */
public final class Redactor {

  /** Secrets at least this long are masked inside other text too; shorter ones as whole tokens. */
  public static final int MIN_SUBSTRING_LENGTH = 8;

  private static final Redactor NONE = new Redactor(List.of(), "");

  private final List<Needle> needles; // longest first, so a secret inside another is masked whole
  private final String mask;

  private Redactor(List<Needle> needles, String mask) {
    this.needles = needles;
    this.mask = mask;
  }

  /** {@return a redactor that changes nothing} */
  public static Redactor none() {
    return NONE;
  }

  /**
   * Masks each of {@code secrets} with {@code mask}; {@code null} and blank secrets are ignored,
   * the others are trimmed.
   *
   * @param secrets the secrets (API keys, tokens); may hold {@code null} and blank entries
   * @param mask what replaces each secret, such as {@code "***"}
   * @return the redactor
   * @throws NullPointerException if {@code secrets} or {@code mask} is {@code null}
   */
  public static Redactor of(Collection<String> secrets, String mask) {
    Objects.requireNonNull(mask, "mask");
    Set<Needle> all = new LinkedHashSet<>();
    for (String s : secrets) {
      if (s == null || s.isBlank()) {
        continue;
      }
      String secret = s.trim();
      if (secret.length() < MIN_SUBSTRING_LENGTH) {
        all.add(new Needle(secret, true));
      } else {
        for (String form : forms(secret)) {
          all.add(new Needle(form, false));
        }
      }
    }
    List<Needle> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingInt((Needle n) -> n.text.length()).reversed());
    return new Redactor(Collections.unmodifiableList(sorted), mask);
  }

  /** {@return whether there is anything to mask} */
  public boolean isEmpty() {
    return needles.isEmpty();
  }

  /**
   * {@return {@code text} with every secret masked; {@code null} stays {@code null}}
   *
   * @param text the text to mask, or {@code null}
   */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (Needle n : needles) {
      out = n.maskIn(out, mask);
    }
    return out;
  }

  /**
   * {@return whether {@code text} shows a secret (what {@link #redact} would change)}
   *
   * @param text the text to look at; {@code null} reveals nothing
   */
  public boolean reveals(String text) {
    if (text == null) {
      return false;
    }
    for (Needle n : needles) {
      if (n.indexIn(text, 0) >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@return {@code t} itself when neither it nor any of its causes and suppressed exceptions
   * shows a secret in its message or {@code toString()}; otherwise a copy of the whole chain whose
   * messages are redacted} Each copy keeps the original's stack trace and prints as {@code
   * <original class> (redacted): <message>}, but is not an instance of the original class.
   *
   * @param t the throwable to scrub, or {@code null} (returned as is)
   */
  public Throwable scrub(Throwable t) {
    if (t == null || !revealsAnywhere(t, Collections.newSetFromMap(new IdentityHashMap<>()))) {
      return t;
    }
    return copy(t, new IdentityHashMap<>());
  }

  private boolean revealsAnywhere(Throwable t, Set<Throwable> seen) {
    if (t == null || !seen.add(t)) {
      return false;
    }
    if (reveals(t.getMessage()) || reveals(t.getLocalizedMessage()) || reveals(t.toString())) {
      return true;
    }
    for (Throwable s : t.getSuppressed()) {
      if (revealsAnywhere(s, seen)) {
        return true;
      }
    }
    return revealsAnywhere(t.getCause(), seen);
  }

  private Throwable copy(Throwable t, IdentityHashMap<Throwable, Throwable> copies) {
    Throwable done = copies.get(t);
    if (done != null) {
      return done; // a cycle in the chain
    }
    RedactedThrowable c = new RedactedThrowable(t.getClass().getName(), redact(t.getLocalizedMessage()));
    copies.put(t, c);
    c.setStackTrace(t.getStackTrace());
    if (t.getCause() != null) {
      c.initCause(copy(t.getCause(), copies));
    }
    for (Throwable s : t.getSuppressed()) {
      c.addSuppressed(copy(s, copies));
    }
    return c;
  }

  /** The plain secret and the JSON-escaped and URL-encoded forms that differ from it. */
  private static Set<String> forms(String secret) {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(secret);
    forms.add(json(secret, false));
    forms.add(json(secret, true));
    String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8); // ' ' as '+', %XX upper
    forms.add(encoded);
    forms.add(encoded.replace("+", "%20"));
    forms.add(lowerHexEscapes(encoded));
    forms.add(lowerHexEscapes(encoded.replace("+", "%20")));
    return forms;
  }

  /** {@code s} as inside a JSON string, {@code /} escaped or not (both are valid JSON). */
  private static String json(String s, boolean escapeSlash) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '/' -> b.append(escapeSlash ? "\\/" : "/");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04X", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  private static String lowerHexEscapes(String encoded) {
    StringBuilder b = new StringBuilder(encoded);
    for (int i = 0; i + 2 < b.length(); i++) {
      if (b.charAt(i) == '%') {
        b.setCharAt(i + 1, Character.toLowerCase(b.charAt(i + 1)));
        b.setCharAt(i + 2, Character.toLowerCase(b.charAt(i + 2)));
      }
    }
    return b.toString();
  }

  /** One text to mask: anywhere, or only as a whole token. */
  private record Needle(String text, boolean wholeToken) {

    int indexIn(String s, int from) {
      for (int i = s.indexOf(text, from); i >= 0; i = s.indexOf(text, i + 1)) {
        if (!wholeToken || (!wordAt(s, i - 1) && !wordAt(s, i + text.length()))) {
          return i;
        }
      }
      return -1;
    }

    String maskIn(String s, String mask) {
      int i = indexIn(s, 0);
      if (i < 0) {
        return s;
      }
      StringBuilder b = new StringBuilder(s.length());
      int from = 0;
      for (; i >= 0; i = indexIn(s, from)) {
        b.append(s, from, i).append(mask);
        from = i + text.length();
      }
      return b.append(s, from, s.length()).toString();
    }

    private static boolean wordAt(String s, int i) {
      if (i < 0 || i >= s.length()) {
        return false;
      }
      char c = s.charAt(i);
      return Character.isLetterOrDigit(c) || c == '_';
    }
  }

  /** A redacted copy of a throwable that showed a secret; prints as its original class. */
  private static final class RedactedThrowable extends Exception {
    private static final long serialVersionUID = 1L;

    private final String originalClass;

    RedactedThrowable(String originalClass, String message) {
      super(message); // the cause is set once, by initCause
      this.originalClass = originalClass;
    }

    @Override
    public String toString() {
      String m = getMessage();
      return originalClass + " (redacted)" + (m == null ? "" : ": " + m);
    }
  }
}
