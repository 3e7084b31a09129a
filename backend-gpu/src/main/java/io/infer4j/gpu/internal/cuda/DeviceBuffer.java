package io.infer4j.gpu.internal.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A block of device memory owned by one {@link CudaContext}: {@link #close()} frees it
 * (idempotent). Copies are synchronous with respect to the host. Not thread-safe: one owner uses
 * it at a time.
 */
final class DeviceBuffer implements AutoCloseable {
  private final CudaContext context;
  private final long pointer;
  private final long byteSize;
  private boolean closed;

  DeviceBuffer(CudaContext context, long pointer, long byteSize) {
    this.context = Objects.requireNonNull(context, "context");
    this.pointer = pointer;
    this.byteSize = byteSize;
  }

  /** The device address. */
  public long pointer() {
    checkOpen();
    return pointer;
  }

  /** Size in bytes. */
  public long byteSize() {
    return byteSize;
  }

  /** Copies all of {@code src} to the start of this buffer. */
  public void upload(MemorySegment src) {
    upload(src, 0);
  }

  /** Copies all of {@code src} to {@code offset} bytes into this buffer. */
  public void upload(MemorySegment src, long offset) {
    Objects.checkFromIndexSize(offset, src.byteSize(), byteSize);
    context.current();
    if (src.isNative()) {
      context.nativeApi().copyToDevice(pointer() + offset, src, src.byteSize());
      return;
    }
    try (Arena a = Arena.ofConfined()) {
      MemorySegment tmp = a.allocate(src.byteSize(), 16);
      tmp.copyFrom(src);
      context.nativeApi().copyToDevice(pointer() + offset, tmp, src.byteSize());
    }
  }

  /** Copies floats to the start of this buffer. */
  public void upload(float[] values) {
    upload(MemorySegment.ofArray(values));
  }

  /** Reads {@code count} floats from the start of this buffer. */
  public float[] downloadFloats(int count) {
    float[] out = new float[count];
    downloadFloats(out, 0);
    return out;
  }

  /** Fills {@code out} with floats read {@code offset} bytes into this buffer. */
  public void downloadFloats(float[] out, long offset) {
    long bytes = (long) out.length * Float.BYTES;
    Objects.checkFromIndexSize(offset, bytes, byteSize);
    context.current();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment tmp = a.allocate(bytes, 16);
      context.nativeApi().copyToHost(tmp, pointer() + offset, bytes);
      MemorySegment.copy(tmp, ValueLayout.JAVA_FLOAT, 0, out, 0, out.length);
    }
  }

  /** Reads the int at the start of this buffer. */
  public int downloadInt() {
    context.current();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment tmp = a.allocate(ValueLayout.JAVA_INT);
      context.nativeApi().copyToHost(tmp, pointer(), Integer.BYTES);
      return tmp.get(ValueLayout.JAVA_INT, 0);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("device buffer of " + byteSize + " bytes was closed");
    }
  }

  /** Frees the memory. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      context.free(this, pointer);
    }
  }
}
