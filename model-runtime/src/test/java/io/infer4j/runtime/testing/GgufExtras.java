package io.infer4j.runtime.testing;

import io.infer4j.runtime.internal.tensor.GgmlType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Metadata keys and vector tensors that {@link TinyModel#writeGguf(java.nio.file.Path, String,
 * GgmlType, int, String, GgufExtras)} appends to its file (for settings such as RoPE scaling, right
 * or wrong). Mutable; build one per file.
 */
public final class GgufExtras {
  final List<Consumer<GgufBuilder>> keys = new ArrayList<>();
  final List<Object[]> tensors = new ArrayList<>(); // name, type, data, cols, rows (1)

  /** No extras. */
  public static GgufExtras none() {
    return new GgufExtras();
  }

  /** Adds a UINT32 key. */
  public GgufExtras u32(String key, long value) {
    keys.add(g -> g.kvU32(key, value));
    return this;
  }

  /** Adds a FLOAT32 key. */
  public GgufExtras f32(String key, float value) {
    keys.add(g -> g.kvF32(key, value));
    return this;
  }

  /** Adds a STRING key. */
  public GgufExtras string(String key, String value) {
    keys.add(g -> g.kvString(key, value));
    return this;
  }

  /** Adds a one-dimensional tensor of {@code values} stored as {@code type}. */
  public GgufExtras vector(String name, GgmlType type, float... values) {
    tensors.add(new Object[] {name, type, values.clone(), values.length, 1});
    return this;
  }
}
