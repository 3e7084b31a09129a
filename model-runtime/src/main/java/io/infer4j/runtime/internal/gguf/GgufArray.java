package io.infer4j.runtime.internal.gguf;

import java.util.Objects;

/**
 * A metadata array: its element type and the elements in a Java array that fits the type: {@code
 * int[]} for 8/16-bit integers and INT32, {@code long[]} for UINT32, INT64 and UINT64 (UINT64 above
 * 2^63 reads negative), {@code float[]}, {@code double[]}, {@code boolean[]}, {@code String[]}, or
 * {@code GgufArray[]} for nested arrays.
 *
 * @param elementType the type of every element
 * @param values the elements (not copied; callers must not modify them)
 * @param length the element count
 */
public record GgufArray(GgufValueType elementType, Object values, int length) {
  public GgufArray {
    Objects.requireNonNull(elementType, "elementType");
    Objects.requireNonNull(values, "values");
    if (length != java.lang.reflect.Array.getLength(values)) {
      throw new IllegalArgumentException("length " + length + " does not match the values");
    }
  }
}
