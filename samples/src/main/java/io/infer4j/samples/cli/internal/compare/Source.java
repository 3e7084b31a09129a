package io.infer4j.samples.cli.internal.compare;

import java.util.Locale;

/** Where a platform's figures come from. */
public enum Source {
  /** Timed with a monotonic clock while the platform answered the prompt (in-process or remote). */
  MEASURED,
  /** Predicted by a timing model (the LPU simulator, the GPU roofline model); nothing ran. */
  SIMULATED;

  /** The lower-case word shown in the table and the JSON. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
