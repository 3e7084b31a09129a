package io.infer4j.runtime.internal.gguf;

import io.infer4j.ModelFormatException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The metadata key/value pairs of a GGUF file, in file order, with typed getters whose errors name
 * the file and the key. Scalar values are held as {@code Integer} (8/16-bit integers and INT32),
 * {@code Long} (UINT32, INT64, UINT64), {@code Float}, {@code Double}, {@code Boolean}, {@code
 * String}; arrays as {@link GgufArray}.
 *
 * <p>Immutable and thread-safe.
 */
public final class GgufMetadata {
  private final String source;
  private final Map<String, Object> values;
  private final Map<String, GgufValueType> types;

  GgufMetadata(String source, Map<String, Object> values, Map<String, GgufValueType> types) {
    this.source = source;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.types = Map.copyOf(types);
  }

  /** The keys in file order. */
  public Set<String> keys() {
    return values.keySet();
  }

  /** Whether {@code key} is present. */
  public boolean has(String key) {
    return values.containsKey(key);
  }

  /** The stored type of {@code key}, if present. */
  public Optional<GgufValueType> type(String key) {
    return Optional.ofNullable(types.get(key));
  }

  /** The raw value of {@code key}, if present. */
  public Optional<Object> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  private Object require(String key) {
    Object v = values.get(key);
    if (v == null) {
      throw new ModelFormatException(source, "missing metadata key " + key);
    }
    return v;
  }

  private ModelFormatException wrongType(String key, String expected) {
    return new ModelFormatException(
        source, "metadata key " + key + " is " + types.get(key) + ", expected " + expected);
  }

  /** An integer value that fits in an int. */
  public int requireInt(String key) {
    Object v = require(key);
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof Long l) {
      if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
        throw new ModelFormatException(
            source, "metadata key " + key + " = " + l + " does not fit in an int");
      }
      return (int) (long) l;
    }
    throw wrongType(key, "an integer");
  }

  /** An integer value, or {@code fallback} when absent. */
  public int getInt(String key, int fallback) {
    return has(key) ? requireInt(key) : fallback;
  }

  /** A positive integer value (dimensions, counts). */
  public int requirePositiveInt(String key) {
    int v = requireInt(key);
    if (v <= 0) {
      throw new ModelFormatException(
          source, "metadata key " + key + " = " + v + " is not positive");
    }
    return v;
  }

  /** A float value (FLOAT32 or FLOAT64), or {@code fallback} when absent. */
  public float getFloat(String key, float fallback) {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Float f) {
      return f;
    }
    if (v instanceof Double d) {
      return (float) (double) d;
    }
    throw wrongType(key, "a float");
  }

  /** A string value. */
  public String requireString(String key) {
    if (require(key) instanceof String s) {
      return s;
    }
    throw wrongType(key, "a string");
  }

  /** A string value, or {@code fallback} when absent. */
  public String getString(String key, String fallback) {
    return has(key) ? requireString(key) : fallback;
  }

  /** A boolean value, or {@code fallback} when absent. */
  public boolean getBoolean(String key, boolean fallback) {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw wrongType(key, "a bool");
  }

  /** An array value. */
  public GgufArray requireArray(String key) {
    if (require(key) instanceof GgufArray a) {
      return a;
    }
    throw wrongType(key, "an array");
  }

  /** An array of strings. */
  public String[] requireStringArray(String key) {
    GgufArray a = requireArray(key);
    if (a.values() instanceof String[] s) {
      return s.clone();
    }
    throw new ModelFormatException(
        source,
        "metadata key " + key + " is an array of " + a.elementType() + ", expected strings");
  }

  /** An array of FLOAT32. */
  public float[] requireFloatArray(String key) {
    GgufArray a = requireArray(key);
    if (a.values() instanceof float[] f) {
      return f.clone();
    }
    throw new ModelFormatException(
        source,
        "metadata key " + key + " is an array of " + a.elementType() + ", expected float32");
  }

  /** An array of 8/16/32-bit integers. */
  public int[] requireIntArray(String key) {
    GgufArray a = requireArray(key);
    if (a.values() instanceof int[] i) {
      return i.clone();
    }
    throw new ModelFormatException(
        source, "metadata key " + key + " is an array of " + a.elementType() + ", expected int32");
  }

  /** Number of keys. */
  public int size() {
    return values.size();
  }

  @Override
  public String toString() {
    return "GgufMetadata" + Objects.toString(values.keySet());
  }
}
