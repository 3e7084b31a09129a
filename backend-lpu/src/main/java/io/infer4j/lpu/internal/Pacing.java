package io.infer4j.lpu.internal;

import io.infer4j.InvalidConfigurationException;
import java.util.Locale;

/** The {@code pacing} key of an "lpu" backend instance: when chunks are handed to the caller. */
public enum Pacing {
  /** As soon as the CPU has computed them; the response still reports the simulated timing. */
  NONE("none"),
  /** Not before their simulated arrival time, measured from the request's start. */
  REAL_TIME("real-time");

  private final String id;

  Pacing(String id) {
    this.id = id;
  }

  /** The name used in configuration. */
  public String id() {
    return id;
  }

  /**
   * Parses {@code none} or {@code real-time} (case-insensitive).
   *
   * @throws InvalidConfigurationException naming the key and the accepted values
   */
  public static Pacing parse(String key, String value) {
    for (Pacing p : values()) {
      if (p.id.equals(value.trim().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new InvalidConfigurationException(key, value, "expected 'none' or 'real-time'");
  }
}
