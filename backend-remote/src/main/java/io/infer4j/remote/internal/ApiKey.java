package io.infer4j.remote.internal;

import io.infer4j.spi.Redactor;
import java.util.List;
import java.util.Objects;

/**
 * A credential that never shows itself: {@link #toString()} is a fixed mask, {@link
 * #redact(String)} removes the key from any text (a server error that echoes it) before that text
 * reaches a message or a log, and {@link #scrub(Throwable)} from a cause's chain. Masking follows
 * {@link Redactor}: a key of 8 characters or more wherever it occurs, also JSON-escaped or
 * URL-encoded; a shorter one only as a whole token. Immutable.
 */
public final class ApiKey {

  /** What replaces the key wherever it would appear. */
  public static final String MASK = "****";

  private final String value;
  private final Redactor redactor;

  private ApiKey(String value) {
    this.value = value;
    this.redactor = value == null ? Redactor.none() : Redactor.of(List.of(value), MASK);
  }

  /** A key; {@code null} or blank means "no key". */
  public static ApiKey of(String value) {
    return new ApiKey(value == null || value.isBlank() ? null : value.trim());
  }

  /** No key (local servers). */
  public static ApiKey none() {
    return new ApiKey(null);
  }

  public boolean isPresent() {
    return value != null;
  }

  /** The value of the {@code Authorization} header. Only the HTTP layer calls this. */
  String bearerHeader() {
    return "Bearer " + Objects.requireNonNull(value, "no api key");
  }

  /** A short, non-reversible name for the credential (to key per-credential state). */
  String fingerprint() {
    if (value == null) {
      return "none";
    }
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /** {@code text} with every occurrence of the key replaced by {@link #MASK}. */
  public String redact(String text) {
    return redactor.redact(text);
  }

  /**
   * {@code t} itself when its chain shows no key, else a copy with the key masked in every
   * message (see {@link Redactor#scrub}): for a cause that carries a server's words.
   */
  public Throwable scrub(Throwable t) {
    return redactor.scrub(t);
  }

  @Override
  public String toString() {
    return value == null ? "ApiKey[none]" : "ApiKey[" + MASK + "]";
  }
}
