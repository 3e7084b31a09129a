package io.infer4j.samples.cli.internal.plan;

import io.infer4j.InvalidRequestException;
import io.infer4j.gpu.GpuHardware;
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
}
