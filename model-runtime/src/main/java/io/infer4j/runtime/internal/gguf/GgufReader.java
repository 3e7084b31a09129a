package io.infer4j.runtime.internal.gguf;

import io.infer4j.runtime.internal.io.MappedFile;
import io.infer4j.runtime.internal.io.SegmentReader;
import io.infer4j.runtime.internal.tensor.GgmlType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the GGUF header (v2 and v3; little-endian). Layout: magic "GGUF", uint32 version, uint64
 * tensor count, uint64 metadata count, the metadata key/values, the tensor infos, padding to {@code
 * general.alignment}, then the data section. Every count and length is checked against the bytes
 * left in the file before anything is allocated for it.
 */
final class GgufReader {
  /** "GGUF" read as a little-endian uint32. */
  static final int MAGIC = 0x46554747;

  static final int DEFAULT_ALIGNMENT = 32;
  private static final int MAX_DIMS = 4;
  private static final String SUPPORTED_TYPES =
      java.util.Arrays.stream(GgmlType.values())
          .map(Enum::name)
          .collect(java.util.stream.Collectors.joining(", "));
  private static final int MAX_ARRAY_NESTING = 8;

  /** Smallest tensor info: name length (8), n_dims (4), one dim (8), type (4), offset (8). */
  private static final int MIN_TENSOR_INFO_BYTES = 32;

  /** Smallest key/value: key length (8), value type (4), one byte of value. */
  private static final int MIN_KV_BYTES = 13;

  private final SegmentReader in;

  private GgufReader(SegmentReader in) {
    this.in = in;
  }

  static GgufFile read(MappedFile file) {
    return new GgufReader(file.reader()).parse(file);
  }

  private GgufFile parse(MappedFile file) {
    if (in.size() < 4) {
      throw in.error("truncated: " + in.size() + " bytes, too short for the GGUF magic");
    }
    int magic = in.readInt("magic");
    if (magic != MAGIC) {
      throw in.error(String.format("wrong magic 0x%08X, expected 0x%08X (\"GGUF\")", magic, MAGIC));
    }
    int version = in.readInt("version");
    if (version == 1) {
      throw in.error("GGUF version 1 is not supported (only 2 and 3)");
    }
    if (Integer.reverseBytes(version) == 2 || Integer.reverseBytes(version) == 3) {
      throw in.error(
          "big-endian GGUF (version field "
              + Integer.reverseBytes(version)
              + " byte-swapped) is not supported");
    }
    if (version != 2 && version != 3) {
      throw in.error(
          "unknown GGUF version " + Integer.toUnsignedString(version) + " (only 2 and 3)");
    }
    long tensorCount = in.readLong("tensor count");
    long kvCount = in.readLong("metadata count");
    checkCount(kvCount, MIN_KV_BYTES, "metadata count");
    checkCount(tensorCount, MIN_TENSOR_INFO_BYTES, "tensor count");

    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, GgufValueType> types = new HashMap<>();
    for (long i = 0; i < kvCount; i++) {
      String key = readString("metadata key #" + i);
      GgufValueType type = readType("value type of metadata key " + key);
      Object value = readValue(type, key, 0);
      if (values.putIfAbsent(key, value) != null) {
        throw in.error("duplicate metadata key " + key);
      }
      types.put(key, type);
    }
    GgufMetadata metadata = new GgufMetadata(in.source(), values, types);
    long alignment = alignment(metadata);

    List<RawTensor> raw = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (long i = 0; i < tensorCount; i++) {
      RawTensor t = readTensorInfo(i);
      if (!names.add(t.name)) {
        throw in.error("duplicate tensor name " + t.name);
      }
      raw.add(t);
    }
    long dataOffset = align(in.position(), alignment);
    long dataSize = Math.max(0, in.size() - dataOffset);
    List<GgufTensorInfo> tensors = new ArrayList<>(raw.size());
    for (RawTensor t : raw) {
      tensors.add(t.check(alignment, dataOffset, dataSize));
    }
    return new GgufFile(file, version, alignment, dataOffset, metadata, tensors);
  }

  private void checkCount(long count, int minBytes, String what) {
    if (count < 0 || count > in.remaining() / minBytes) {
      throw in.error(
          "absurd "
              + what
              + " "
              + Long.toUnsignedString(count)
              + ": the remaining "
              + in.remaining()
              + " bytes cannot hold that many");
    }
  }

  private long alignment(GgufMetadata metadata) {
    if (!metadata.has("general.alignment")) {
      return DEFAULT_ALIGNMENT;
    }
    if (metadata.type("general.alignment").orElseThrow() != GgufValueType.UINT32) {
      throw in.error("general.alignment must be a uint32");
    }
    long a = (Long) metadata.get("general.alignment").orElseThrow();
    if (a <= 0 || (a & (a - 1)) != 0) {
      throw in.error("general.alignment = " + a + " is not a positive power of two");
    }
    return a;
  }

  private static long align(long offset, long alignment) {
    return (offset + alignment - 1) / alignment * alignment;
  }

  private String readString(String what) {
    long length = in.readLong("length of " + what);
    return in.readUtf8(length, what);
  }

  private GgufValueType readType(String what) {
    int id = in.readInt(what);
    return GgufValueType.byId(id)
        .orElseThrow(() -> in.error("unknown " + what + ": " + Integer.toUnsignedString(id)));
  }

  private Object readValue(GgufValueType type, String key, int depth) {
    return switch (type) {
      case UINT8 -> in.readByte(key) & 0xFF;
      case INT8 -> (int) in.readByte(key);
      case UINT16 -> in.readShort(key) & 0xFFFF;
      case INT16 -> (int) in.readShort(key);
      case UINT32 -> in.readInt(key) & 0xFFFFFFFFL;
      case INT32 -> in.readInt(key);
      case FLOAT32 -> in.readFloat(key);
      case BOOL -> readBool(key);
      case STRING -> readString("value of " + key);
      case UINT64, INT64 -> in.readLong(key);
      case FLOAT64 -> in.readDouble(key);
      case ARRAY -> readArray(key, depth);
    };
  }

  private boolean readBool(String key) {
    byte b = in.readByte(key);
    if (b != 0 && b != 1) {
      throw in.error("metadata key " + key + " has bool value " + b + " (expected 0 or 1)");
    }
    return b == 1;
  }

  private GgufArray readArray(String key, int depth) {
    if (depth >= MAX_ARRAY_NESTING) {
      throw in.error("metadata key " + key + " nests arrays deeper than " + MAX_ARRAY_NESTING);
    }
    GgufValueType element = readType("array element type of metadata key " + key);
    long count = in.readLong("array length of " + key);
    if (count < 0 || count > in.remaining() / element.minBytes()) {
      throw in.error(
          "absurd array length "
              + Long.toUnsignedString(count)
              + " for metadata key "
              + key
              + ": the remaining "
              + in.remaining()
              + " bytes cannot hold that many "
              + element);
    }
    int n = (int) count;
    Object values =
        switch (element) {
          case UINT8, INT8, UINT16, INT16, INT32 -> {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
              a[i] = (Integer) readValue(element, key, depth + 1);
            }
            yield a;
          }
          case UINT32, UINT64, INT64 -> {
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
              a[i] = (Long) readValue(element, key, depth + 1);
            }
            yield a;
          }
          case FLOAT32 -> {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
              a[i] = in.readFloat(key);
            }
            yield a;
          }
          case FLOAT64 -> {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
              a[i] = in.readDouble(key);
            }
            yield a;
          }
          case BOOL -> {
            boolean[] a = new boolean[n];
            for (int i = 0; i < n; i++) {
              a[i] = readBool(key);
            }
            yield a;
          }
          case STRING -> {
            String[] a = new String[n];
            for (int i = 0; i < n; i++) {
              a[i] = readString(key + "[" + i + "]");
            }
            yield a;
          }
          case ARRAY -> {
            GgufArray[] a = new GgufArray[n];
            for (int i = 0; i < n; i++) {
              a[i] = readArray(key + "[" + i + "]", depth + 1);
            }
            yield a;
          }
        };
    return new GgufArray(element, values, n);
  }

  private RawTensor readTensorInfo(long index) {
    String name = readString("name of tensor #" + index);
    int nDims = in.readInt("dimension count of tensor " + name);
    if (nDims < 1 || nDims > MAX_DIMS) {
      throw in.error(
          "tensor "
              + name
              + " has "
              + Integer.toUnsignedString(nDims)
              + " dimensions (1 to 4 allowed)");
    }
    long[] dims = new long[nDims];
    long elements = 1;
    for (int d = 0; d < nDims; d++) {
      dims[d] = in.readLong("dimension " + d + " of tensor " + name);
      if (dims[d] <= 0) {
        throw in.error(
            "tensor " + name + " has dimension " + d + " = " + Long.toUnsignedString(dims[d]));
      }
      try {
        elements = Math.multiplyExact(elements, dims[d]);
      } catch (ArithmeticException e) {
        throw in.error("tensor " + name + " has an absurd element count (overflows 64 bits)");
      }
    }
    int typeId = in.readInt("type of tensor " + name);
    GgmlType type =
        GgmlType.byId(typeId)
            .orElseThrow(
                () ->
                    in.error(
                        "tensor "
                            + name
                            + " has unknown or unsupported type id "
                            + Integer.toUnsignedString(typeId)
                            + " (supported: " + SUPPORTED_TYPES + ")"));
    if (dims[0] % type.blockSize() != 0) {
      throw in.error(
          "tensor "
              + name
              + " of type "
              + type
              + " has row length "
              + dims[0]
              + ", not a multiple of the block size "
              + type.blockSize());
    }
    long byteSize = type.byteSize(elements);
    if (byteSize < 0) {
      throw in.error("tensor " + name + " has an absurd byte size");
    }
    long offset = in.readLong("data offset of tensor " + name);
    return new RawTensor(name, dims, type, offset, byteSize);
  }

  /** A tensor info before the data section's position is known. */
  private final class RawTensor {
    final String name;
    final long[] dims;
    final GgmlType type;
    final long offset;
    final long byteSize;

    RawTensor(String name, long[] dims, GgmlType type, long offset, long byteSize) {
      this.name = name;
      this.dims = dims;
      this.type = type;
      this.offset = offset;
      this.byteSize = byteSize;
    }

    GgufTensorInfo check(long alignment, long dataOffset, long dataSize) {
      if (offset < 0 || offset % alignment != 0) {
        throw in.error(
            "tensor "
                + name
                + " has data offset "
                + Long.toUnsignedString(offset)
                + ", not a multiple of the alignment "
                + alignment);
      }
      if (offset > dataSize || byteSize > dataSize - offset) {
        throw in.error(
            "tensor "
                + name
                + " data ("
                + byteSize
                + " bytes at data offset "
                + offset
                + ") is past the end of the file: the data section starts at "
                + dataOffset
                + " and holds "
                + dataSize
                + " bytes");
      }
      return new GgufTensorInfo(name, dims, type, offset, byteSize);
    }
  }
}
