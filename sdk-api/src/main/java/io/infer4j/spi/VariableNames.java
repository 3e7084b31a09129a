package io.infer4j.spi;

import java.util.regex.Pattern;

/**
 * Tells the name of an environment variable from a secret put where a name belongs (an API key
 * given to {@code --api-key-env} or {@code api-key-env}), so that an error about the "variable"
 * does not print the key. For backends that read secrets from the environment (SPI).
 */
public final class VariableNames {

  /** A portable environment variable name (POSIX: letters, digits, '_', not starting with a digit). */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * Generated keys are long; variable names that long are rare, and are upper case by convention
   * (GROQ_API_KEY, NVIDIA_API_KEY). Groq's keys are 56 characters, Hugging Face's 37.
   */
  private static final int KEY_LIKE_LENGTH = 20;

  private VariableNames() {}

  /**
   * {@return whether {@code s} is a valid environment variable name}
   *
   * @param s the candidate; {@code null} is not a name
   */
  public static boolean isName(String s) {
    return s != null && NAME.matcher(s).matches();
  }

  /**
   * {@return whether {@code s}, given as a variable name, may be a secret instead, so must not be printed:
   * it is not a valid name ({@code sk-...}, {@code nvapi-...}), or it is a valid one that looks
   * generated ({@code gsk_...}: {@value #KEY_LIKE_LENGTH} characters or more, with lower-case
   * letters and digits)}
   *
   * @param s what was given as a variable name; {@code null} and blank are not secrets
   */
  public static boolean mayBeSecret(String s) {
    if (s == null || s.isBlank()) {
      return false;
    }
    if (!isName(s)) {
      return true;
    }
    return s.length() >= KEY_LIKE_LENGTH
        && s.chars().anyMatch(Character::isLowerCase)
        && s.chars().anyMatch(Character::isDigit);
  }
}
