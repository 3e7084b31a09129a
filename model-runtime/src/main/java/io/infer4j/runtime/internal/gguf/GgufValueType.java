package io.infer4j.runtime.internal.gguf;

import java.util.Optional;

/**
 * The value types of GGUF metadata, with their ids in the file and the fewest bytes one value can
 * take (used to reject absurd counts before allocating).
 */
public enum GgufValueType {
  UINT8(0, 1),
  INT8(1, 1),
  UINT16(2, 2),
  INT16(3, 2),
  UINT32(4, 4),
  INT32(5, 4),
  FLOAT32(6, 4),
  BOOL(7, 1),
  /** uint64 length, then UTF-8 bytes. */
  STRING(8, 8),
  /** uint32 element type, uint64 count, then the elements. */
  ARRAY(9, 12),
  UINT64(10, 8),
  INT64(11, 8),
  FLOAT64(12, 8);

  private final int id;
  private final int minBytes;

  GgufValueType(int id, int minBytes) {
    this.id = id;
    this.minBytes = minBytes;
  }

  /** The id stored in the file. */
  public int id() {
    return id;
  }

  /** The fewest bytes one value of this type occupies. */
  public int minBytes() {
    return minBytes;
  }

  /** The type with id {@code id}, if any. */
  public static Optional<GgufValueType> byId(int id) {
    for (GgufValueType t : values()) {
      if (t.id == id) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
