package io.infer4j.runtime.shape;

import io.infer4j.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The link a KV cache crosses from a prefill pool to a decode pool in disaggregated serving, per
 * chip or GPU and direction. Each chip or GPU of the smaller pool sends or receives over its own
 * link, so a transfer takes {@code latency + bytes / (bytesPerSecond x min(prefill units, decode
 * units))}.
 */
public enum KvLink {
  /** NVLink 4 within one node: 900 GB/s per GPU both directions (NVIDIA H100 datasheet). */
  NVLINK("nvlink", 450e9, 2e-6, "NVLink 4, 450 GB/s per direction (H100 datasheet: 900 GB/s both)"),
  /** InfiniBand NDR between nodes: one 400 Gb/s ConnectX-7 port per GPU, as DGX H100 has. */
  INFINIBAND("infiniband", 50e9, 5e-6, "InfiniBand NDR, 400 Gb/s per GPU (ConnectX-7)"),
  /** 100 Gb Ethernet between nodes (TCP or RoCE), one port per chip or GPU. */
  ETHERNET("ethernet", 12.5e9, 20e-6, "100 Gb Ethernet per chip or GPU"),
  /**
   * Groq's chip-to-chip links between LPU systems: 14 GB/s per link and direction (Linley
   * Newsletter, "Groq Gets Connected", 2020-11-10), one link per chip counted.
   */
  C2C("c2c", 14e9, 1e-6, "Groq C2C, 14 GB/s per link and direction (Linley, 2020)");

  private final String id;
  private final double bytesPerSecond;
  private final double latencySeconds;
  private final String source;

  KvLink(String id, double bytesPerSecond, double latencySeconds, String source) {
    this.id = id;
    this.bytesPerSecond = bytesPerSecond;
    this.latencySeconds = latencySeconds;
    this.source = source;
  }

  /** {@return the lower-case id used by {@code --link} and in JSON} */
  public String id() {
    return id;
  }

  /** {@return the bandwidth per chip or GPU and direction, bytes per second} */
  public double bytesPerSecond() {
    return bytesPerSecond;
  }

  /**
   * {@return the fixed cost of one transfer, s: set-up and the first byte's flight} Assumed
   * (NVLink 2 us, RDMA 5 us, Ethernet 20 us, C2C 1 us): small against any KV cache's transfer
   * time.
   */
  public double latencySeconds() {
    return latencySeconds;
  }

  /** {@return where the bandwidth comes from} */
  public String source() {
    return source;
  }

  /**
   * {@return milliseconds to move {@code bytes} between pools of {@code fromUnits} and {@code
   * toUnits}}
   *
   * @param bytes the KV cache's size, bytes
   * @param fromUnits chips or GPUs of the sending replica
   * @param toUnits chips or GPUs of the receiving replica
   */
  public double transferMs(long bytes, int fromUnits, int toUnits) {
    int links = Math.max(1, Math.min(fromUnits, toUnits));
    return (latencySeconds + bytes / (bytesPerSecond * links)) * 1e3;
  }

  /**
   * {@return the link with this id (case-insensitive)}
   *
   * @param id a link id such as {@code nvlink}; surrounding blanks are ignored, null is rejected
   *     like an unknown id
   * @throws InvalidRequestException naming {@code link} and the accepted ids
   */
  public static KvLink fromId(String id) {
    for (KvLink l : values()) {
      if (l.id.equals(id == null ? null : id.strip().toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    throw new InvalidRequestException("link", "unknown link '" + id + "'; accepted: "
        + Arrays.stream(values()).map(KvLink::id).collect(Collectors.joining(", ")));
  }
}
