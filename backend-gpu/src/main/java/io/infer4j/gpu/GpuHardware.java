package io.infer4j.gpu;

import io.infer4j.gpu.internal.GpuDatasheets;
import io.infer4j.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The GPUs the timing model knows, by the id the {@code plan --hardware} flag uses. */
public enum GpuHardware {
  H100("h100", GpuDatasheets.H100_SXM),
  H200("h200", GpuDatasheets.H200),
  A100("a100", GpuDatasheets.A100_SXM),
  L4("l4", GpuDatasheets.L4),
  B200("b200", GpuDatasheets.B200);

  private static final String FIELD = "hardware";

  private final String id;
  private final GpuSpec spec;

  GpuHardware(String id, GpuSpec spec) {
    this.id = id;
    this.spec = spec;
  }

  /** The lower-case id: {@code h100}, {@code h200}, {@code a100}, {@code l4}, {@code b200}. */
  public String id() {
    return id;
  }

  /** The published figures of this GPU. */
  public GpuSpec spec() {
    return spec;
  }

  /**
   * The hardware with this id (case-insensitive).
   *
   * @throws InvalidRequestException naming the value and the accepted ids
   */
  public static GpuHardware fromId(String id) {
    for (GpuHardware hardware : values()) {
      if (hardware.id.equals(id == null ? null : id.strip().toLowerCase(Locale.ROOT))) {
        return hardware;
      }
    }
    throw new InvalidRequestException(
        FIELD,
        "unknown GPU hardware '" + id + "'; accepted: "
            + Arrays.stream(values()).map(GpuHardware::id).collect(Collectors.joining(", ")));
  }
}
