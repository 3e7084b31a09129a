package io.infer4j.gpu.internal;

import io.infer4j.InvalidConfigurationException;
import java.util.Locale;

/** The {@code device} key of a "gpu" backend instance. */
public enum GpuDevice {
  /** CUDA when it can serve the model, else the CPU reference path (the log line says why). */
  AUTO,
  /** The CPU reference path (model-runtime's kernels). */
  CPU,
  /** CUDA kernels on an NVIDIA GPU; fails with a clear message when that path cannot serve. */
  CUDA;

  /** The lower-case name used in configuration. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code auto}, {@code cpu} or {@code cuda} (case-insensitive).
   *
   * @param key the full configuration key, for the error
   * @throws InvalidConfigurationException naming the key, the value and the accepted ones
   */
  public static GpuDevice parse(String key, String value) {
    for (GpuDevice d : values()) {
      if (d.id().equalsIgnoreCase(value.trim())) {
        return d;
      }
    }
    throw new InvalidConfigurationException(key, value, "expected one of auto, cpu, cuda");
  }
}
