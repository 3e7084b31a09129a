package io.infer4j.runtime.testing;

import io.infer4j.runtime.internal.gguf.GgufValueType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes small GGUF files for tests, field by field, so a test can also write wrong ones. Every
 * method appends little-endian bytes; {@link #data} pads to the alignment first.
 */
public final class GgufBuilder {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** An empty builder (no header). */
  public GgufBuilder() {}

  /** A v3 header. */
  public static GgufBuilder header(long tensors, long kvs) {
    return new GgufBuilder()
        .raw("GGUF".getBytes(StandardCharsets.US_ASCII))
        .u32(3)
        .u64(tensors)
        .u64(kvs);
  }

  public GgufBuilder raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  public GgufBuilder u8(int v) {
    out.write(v);
    return this;
  }

  public GgufBuilder u16(int v) {
    return raw(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array());
  }

  public GgufBuilder u32(long v) {
    return raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
  }

  public GgufBuilder u64(long v) {
    return raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
  }

  public GgufBuilder f32(float v) {
    return raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array());
  }

  public GgufBuilder f64(double v) {
    return raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(v).array());
  }

  public GgufBuilder str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return u64(b.length).raw(b);
  }

  /** A key and its type id; the caller appends the value. */
  public GgufBuilder key(String key, GgufValueType type) {
    return str(key).u32(type.id());
  }

  public GgufBuilder kvU32(String key, long v) {
    return key(key, GgufValueType.UINT32).u32(v);
  }

  public GgufBuilder kvBool(String key, boolean v) {
    return key(key, GgufValueType.BOOL).u8(v ? 1 : 0);
  }

  public GgufBuilder kvF32(String key, float v) {
    return key(key, GgufValueType.FLOAT32).f32(v);
  }

  public GgufBuilder kvString(String key, String v) {
    return key(key, GgufValueType.STRING).str(v);
  }

  public GgufBuilder kvStrings(String key, String... values) {
    key(key, GgufValueType.ARRAY).u32(GgufValueType.STRING.id()).u64(values.length);
    for (String v : values) {
      str(v);
    }
    return this;
  }

  public GgufBuilder kvFloats(String key, float... values) {
    key(key, GgufValueType.ARRAY).u32(GgufValueType.FLOAT32.id()).u64(values.length);
    for (float v : values) {
      f32(v);
    }
    return this;
  }

  public GgufBuilder kvInts(String key, int... values) {
    key(key, GgufValueType.ARRAY).u32(GgufValueType.INT32.id()).u64(values.length);
    for (int v : values) {
      u32(v);
    }
    return this;
  }

  /** A tensor info. */
  public GgufBuilder tensor(String name, int typeId, long offset, long... dims) {
    str(name).u32(dims.length);
    for (long d : dims) {
      u64(d);
    }
    return u32(typeId).u64(offset);
  }

  /** Pads to {@code alignment}, then appends {@code bytes}. */
  public GgufBuilder data(int alignment, byte[] bytes) {
    while (out.size() % alignment != 0) {
      out.write(0);
    }
    return raw(bytes);
  }

  /** Pads with zeros to {@code alignment} bytes. */
  public GgufBuilder pad(int alignment) {
    while (out.size() % alignment != 0) {
      out.write(0);
    }
    return this;
  }

  public byte[] bytes() {
    return out.toByteArray();
  }

  public Path write(Path dir, String name) {
    try {
      return Files.write(dir.resolve(name), bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Little-endian floats as bytes. */
  public static byte[] floats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }
}
