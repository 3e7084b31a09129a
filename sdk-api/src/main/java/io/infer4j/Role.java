package io.infer4j;

/** Who speaks in a chat message. */
public enum Role {
  SYSTEM,
  USER,
  ASSISTANT;

  /** The lower-case wire name ({@code system}, {@code user}, {@code assistant}). */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
