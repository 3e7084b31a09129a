package io.infer4j.runtime.internal.gguf;

import io.infer4j.runtime.internal.tensor.GgmlType;
import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor's entry in the GGUF header.
 *
 * @param name the tensor name, e.g. {@code blk.0.attn_q.weight}
 * @param dims the dimensions, innermost first ({@code dims[0]} is the row length), 1 to 4 of them
 * @param type the element type
 * @param offset byte offset of the data, relative to the start of the data section
 * @param byteSize bytes of data
 */
public record GgufTensorInfo(String name, long[] dims, GgmlType type, long offset, long byteSize) {
  public GgufTensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    dims = dims.clone();
  }

  @Override
  public long[] dims() {
    return dims.clone();
  }

  /** Product of the dimensions. */
  public long elementCount() {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GgufTensorInfo t
        && name.equals(t.name)
        && Arrays.equals(dims, t.dims)
        && type == t.type
        && offset == t.offset
        && byteSize == t.byteSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(dims), type, offset, byteSize);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(dims) + " " + type + " @" + offset;
  }
}
