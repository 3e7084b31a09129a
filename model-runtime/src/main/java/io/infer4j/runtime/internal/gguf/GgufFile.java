package io.infer4j.runtime.internal.gguf;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.internal.io.MappedFile;
import io.infer4j.runtime.internal.tensor.TensorView;
import io.infer4j.runtime.internal.tensor.TensorViews;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed, memory-mapped GGUF file: version, metadata, tensor infos, and views of the tensor data
 * (no copy). Every tensor's bytes were checked to lie inside the file when it was opened.
 *
 * <p>Thread-safe for reads. The owner closes it; views become unusable afterwards.
 */
public final class GgufFile implements AutoCloseable {
  private final MappedFile file;
  private final int version;
  private final long alignment;
  private final long dataOffset;
  private final GgufMetadata metadata;
  private final Map<String, GgufTensorInfo> tensors;

  GgufFile(
      MappedFile file,
      int version,
      long alignment,
      long dataOffset,
      GgufMetadata metadata,
      List<GgufTensorInfo> tensors) {
    this.file = file;
    this.version = version;
    this.alignment = alignment;
    this.dataOffset = dataOffset;
    this.metadata = metadata;
    Map<String, GgufTensorInfo> byName = new LinkedHashMap<>();
    for (GgufTensorInfo t : tensors) {
      byName.put(t.name(), t);
    }
    this.tensors = Collections.unmodifiableMap(byName);
  }

  /**
   * Maps and parses {@code path}.
   *
   * @throws io.infer4j.ModelNotFoundException if the file does not exist
   * @throws ModelFormatException if it is not a valid GGUF v2/v3 file
   */
  public static GgufFile open(Path path) {
    MappedFile mapped = MappedFile.open(path);
    try {
      return GgufReader.read(mapped);
    } catch (RuntimeException e) {
      mapped.close();
      throw e;
    }
  }

  /** The file path. */
  public Path path() {
    return file.path();
  }

  /** GGUF format version (2 or 3). */
  public int version() {
    return version;
  }

  /** Data alignment in bytes ({@code general.alignment}, default 32). */
  public long alignment() {
    return alignment;
  }

  /** Offset of the tensor data section from the start of the file. */
  public long dataOffset() {
    return dataOffset;
  }

  /** The metadata. */
  public GgufMetadata metadata() {
    return metadata;
  }

  /** Tensor infos by name, in file order. */
  public Map<String, GgufTensorInfo> tensors() {
    return tensors;
  }

  /** The info of tensor {@code name}, if present. */
  public Optional<GgufTensorInfo> tensorInfo(String name) {
    return Optional.ofNullable(tensors.get(name));
  }

  /** The raw bytes of tensor {@code name}. */
  public MemorySegment tensorData(String name) {
    GgufTensorInfo t = requireInfo(name);
    return file.segment().asSlice(dataOffset + t.offset(), t.byteSize());
  }

  private GgufTensorInfo requireInfo(String name) {
    GgufTensorInfo t = tensors.get(name);
    if (t == null) {
      throw new ModelFormatException(file.path().toString(), "missing tensor " + name);
    }
    return t;
  }

  /**
   * A view of tensor {@code name} as rows of {@code dims[0]} elements (higher dimensions are folded
   * into the row count).
   *
   * @throws ModelFormatException if the tensor is missing or too large for int-indexed rows
   */
  public TensorView tensor(String name) {
    GgufTensorInfo t = requireInfo(name);
    long[] dims = t.dims();
    long rows = t.elementCount() / dims[0];
    if (dims[0] > Integer.MAX_VALUE || rows > Integer.MAX_VALUE) {
      throw new ModelFormatException(
          file.path().toString(), "tensor " + name + " has too many rows or columns: " + t);
    }
    return TensorViews.of(name, t.type(), tensorData(name), (int) rows, (int) dims[0]);
  }

  /** Unmaps the file. */
  @Override
  public void close() {
    file.close();
  }
}
