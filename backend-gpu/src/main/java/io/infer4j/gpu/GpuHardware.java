package io.infer4j.gpu;

import io.infer4j.InvalidRequestException;
import io.infer4j.gpu.internal.GpuDatasheets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The accelerators with device memory the roofline model plans (NVIDIA and AMD GPUs, Google TPU
 * chips), by the id the {@code plan --hardware} flag uses, each with a default price per
 * accelerator-hour.
 *
 * <p>Default prices are on-demand list prices of one public cloud per vendor, per accelerator
 * (instance price divided by its accelerators, host included), as read in 2026: AWS for NVIDIA
 * (us-east-1, after the June 2025 cut of P4/P5 prices; from the AWS price list as published by
 * instances.vantage.sh), Google Cloud for TPUs (us regions), and for AMD the vendor's own developer
 * cloud (AWS lists no MI300X). Smaller GPU clouds charge a half to a third of AWS's price for the
 * same GPU, so a comparison across vendors is only as fair as its prices: give your own with {@code
 * --price-per-hour}. NaN where no price was found.
 */
public enum GpuHardware {
  /** AWS p5.48xlarge, 8 x H100: $55.04 an hour. */
  H100("h100", GpuDatasheets.H100_SXM, 6.88, "AWS p5.48xlarge on demand, us-east-1, / 8"),
  /** AWS p5en.48xlarge, 8 x H200: $63.296 an hour. */
  H200("h200", GpuDatasheets.H200, 7.912, "AWS p5en.48xlarge on demand, us-east-1, / 8"),
  /** AWS p4de.24xlarge, 8 x A100 80GB: $27.447 an hour. */
  A100("a100", GpuDatasheets.A100_SXM, 3.431, "AWS p4de.24xlarge on demand, us-east-1, / 8"),
  /** AWS g6.xlarge, 1 x L4: $0.8048 an hour. */
  L4("l4", GpuDatasheets.L4, 0.8048, "AWS g6.xlarge on demand, us-east-1"),
  /** AWS p6-b200.48xlarge, 8 x B200: $113.9328 an hour. */
  B200("b200", GpuDatasheets.B200, 14.242, "AWS p6-b200.48xlarge on demand, us-east-1, / 8"),
  /** AMD Developer Cloud, $1.99 per MI300X-hour (May 2026). */
  MI300X("mi300x", GpuDatasheets.MI300X, 1.99, "AMD Developer Cloud on demand"),
  /** No public per-hour price found for the MI325X. */
  MI325X("mi325x", GpuDatasheets.MI325X, Double.NaN, "no public on-demand price found"),
  /** Google Cloud TPU pricing, v5e on demand: $1.20 per chip-hour. */
  TPU_V5E("tpu-v5e", GpuDatasheets.TPU_V5E, 1.20, "Google Cloud TPU v5e on demand, us regions"),
  /** Google Cloud TPU pricing, v6e on demand: $2.70 per chip-hour. */
  TPU_V6E("tpu-v6e", GpuDatasheets.TPU_V6E, 2.70, "Google Cloud TPU v6e on demand, us-east1");

  private static final String FIELD = "hardware";

  private final String id;
  private final GpuSpec spec;
  private final double usdPerHour;
  private final String priceSource;

  GpuHardware(String id, GpuSpec spec, double usdPerHour, String priceSource) {
    this.id = id;
    this.spec = spec;
    this.usdPerHour = usdPerHour;
    this.priceSource = priceSource;
  }

  /** {@return the lower-case id: {@code h100}, {@code mi300x}, {@code tpu-v6e}, ..} */
  public String id() {
    return id;
  }

  /** {@return the published figures of this accelerator} */
  public GpuSpec spec() {
    return spec;
  }

  /** {@return the default on-demand price of one accelerator-hour in US dollars; NaN when none was found} */
  public double usdPerHour() {
    return usdPerHour;
  }

  /** {@return where {@link #usdPerHour()} comes from (cloud, instance, region), or why there is none} */
  public String priceSource() {
    return priceSource;
  }

  /**
   * {@return the most chips or GPUs one plan joins in tensor parallelism: a TPU v5e or v6e slice of up to
   * 256 chips (Cloud TPU documentation: pods of 256 chips in a 2D torus), else one 8-GPU node
   * (HGX board, or AMD's 8-GPU platform); multi-node GPU systems are not modelled}
   */
  public int maxUnits() {
    return spec.link() == GpuSpec.Link.ICI ? GpuPlanRequest.MAX_TPU_CHIPS : GpuPlanRequest.MAX_GPUS;
  }

  /**
   * {@return the chip or GPU counts a plan may use, ascending: a TPU slice of 1, 4, 8, 16, ..} 256 chips
   * (Cloud TPU v5e/v6e slices; there is no 2-chip slice), else 1, 2, 4 or 8 GPUs of one node.
   */
  public java.util.List<Integer> unitCounts() {
    java.util.List<Integer> counts = new java.util.ArrayList<>();
    for (int n = 1; n <= maxUnits(); n *= 2) {
      if (!(spec.link() == GpuSpec.Link.ICI && n == 2)) {
        counts.add(n);
      }
    }
    return java.util.List.copyOf(counts);
  }

  /** {@return whether this is an NVIDIA GPU (the ones infer4j's own CUDA path runs on)} */
  public boolean isNvidia() {
    return spec.link() == GpuSpec.Link.NVLINK || spec.link() == GpuSpec.Link.PCIE;
  }

  /** {@return what one unit of this hardware is called in plans: "chip" for TPUs, else "GPU"} */
  public String unitName() {
    return spec.link() == GpuSpec.Link.ICI ? "chip" : "GPU";
  }

  /**
   * {@return the hardware with this id (case-insensitive)}
   *
   * @param id a hardware id such as {@code h100}; surrounding blanks are ignored, null is
   *     rejected like an unknown id
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
        "unknown hardware '" + id + "'; accepted: lpu, "
            + Arrays.stream(values()).map(GpuHardware::id).collect(Collectors.joining(", ")));
  }
}
