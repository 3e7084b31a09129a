package io.infer4j.samples.cli.internal.plan;

import io.infer4j.InvalidRequestException;
import io.infer4j.gpu.GpuHardware;
import io.infer4j.runtime.shape.KvLink;
import java.util.Locale;

/**
 * One pool of a disaggregated system as {@code --prefill} or {@code --decode} give it: {@code
 * HW[:N]}, hardware and, optionally, chips or GPUs per replica.
 *
 * @param hardware {@code lpu} or a GPU/TPU id
 * @param units chips or GPUs per replica, or null for every count that fits
 */
public record Pool(String hardware, Integer units) {

  /**
   * Parses {@code text} ({@code h100:4}, {@code lpu}).
   *
   * @throws InvalidRequestException naming {@code field} for unknown hardware or a bad count
   */
  public static Pool parse(String field, String text) {
    String[] parts = text.strip().toLowerCase(Locale.ROOT).split(":", -1);
    if (parts.length > 2 || parts[0].isEmpty()) {
      throw new InvalidRequestException(field, "expected HW or HW:N (e.g. h100:4, lpu): '" + text + "'");
    }
    String hw = parts[0];
    if (!hw.equals("lpu")) {
      GpuHardware.fromId(hw); // names the accepted ids
    }
    Integer units = null;
    if (parts.length == 2) {
      try {
        units = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        units = -1;
      }
      if (units < 1) {
        throw new InvalidRequestException(field, "the count after ':' must be a whole number >= 1: '" + text + "'");
      }
    }
    return new Pool(hw, units);
  }

  /** Whether this pool is of Groq LPU chips. */
  public boolean isLpu() {
    return hardware.equals("lpu");
  }

  /**
   * The link between two pools when none is given: C2C between LPU systems, Ethernet between an
   * LPU system and GPUs (Groq chips have no InfiniBand ports), InfiniBand between GPU nodes.
   */
  public static KvLink defaultLink(Pool prefill, Pool decode) {
    if (prefill.isLpu() && decode.isLpu()) {
      return KvLink.C2C;
    }
    return prefill.isLpu() || decode.isLpu() ? KvLink.ETHERNET : KvLink.INFINIBAND;
  }

  /**
   * Rejects a link the pools cannot have: C2C only between LPU systems, InfiniBand not to an LPU
   * system, NVLink only between pools of one NVIDIA GPU kind (one node).
   *
   * @throws InvalidRequestException naming {@code link}
   */
  public static void checkLink(KvLink link, Pool prefill, Pool decode) {
    String why = switch (link) {
      case C2C -> prefill.isLpu() && decode.isLpu() ? null : "Groq C2C links join LPU systems only";
      case INFINIBAND -> prefill.isLpu() || decode.isLpu()
          ? "Groq chips have no InfiniBand ports; use ethernet (or c2c between LPU pools)" : null;
      case NVLINK -> !prefill.isLpu() && prefill.hardware().equals(decode.hardware())
          && GpuHardware.fromId(prefill.hardware()).isNvidia()
          ? null : "NVLink joins NVIDIA GPUs of one kind in one node";
      case ETHERNET -> null;
    };
    if (why != null) {
      throw new InvalidRequestException("link", "--link " + link.id() + " between "
          + prefill.hardware() + " and " + decode.hardware() + ": " + why);
    }
  }
}
