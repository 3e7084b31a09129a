package io.infer4j.runtime.internal.io;

import io.infer4j.ModelFormatException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.runtime.RegularFile;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A whole file mapped read-only into memory with FFM: no copy and no 2 GB limit. The mapping lives
 * until {@link #close()}; every segment sliced from {@link #segment()} becomes inaccessible then
 * (reads throw {@link IllegalStateException}).
 *
 * <p>Thread-safe for reads; close once, from the owner, after all readers are done.
 */
public final class MappedFile implements AutoCloseable {
  private final Path path;
  private final Arena arena;
  private final MemorySegment segment;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MappedFile(Path path, Arena arena, MemorySegment segment) {
    this.path = path;
    this.arena = arena;
    this.segment = segment;
  }

  /**
   * Maps {@code path} read-only.
   *
   * @throws ModelNotFoundException if the file does not exist
   * @throws ModelFormatException if it cannot be read, or is not a regular file (the message says
   *     what it is: a directory, a named pipe, ...; see {@link RegularFile#require})
   */
  public static MappedFile open(Path path) {
    RegularFile.require(path); // before opening: opening a named pipe would block
    Arena arena = Arena.ofShared();
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      MemorySegment segment = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
      return new MappedFile(path, arena, segment);
    } catch (NoSuchFileException e) {
      arena.close();
      throw new ModelNotFoundException(path.toString(), "model file not found: " + path);
    } catch (IOException | RuntimeException e) {
      arena.close();
      throw new ModelFormatException(path.toString(), "cannot map the file: " + e, e);
    }
  }

  /**
   * A copy of {@code bytes} in native memory, read as if it were the file {@code name} (for
   * readers fed from memory: fuzzing, tests). Unlike a mapped file it is confined: only the calling
   * thread may read it (which keeps {@link #close()}, freeing it, cheap).
   */
  public static MappedFile inMemory(String name, byte[] bytes) {
    Arena arena = Arena.ofConfined();
    MemorySegment segment = arena.allocate(Math.max(1, bytes.length), 8).asSlice(0, bytes.length);
    MemorySegment.copy(bytes, 0, segment, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
    return new MappedFile(Path.of(name), arena, segment);
  }

  /** The mapped path. */
  public Path path() {
    return path;
  }

  /** The whole file; valid until {@link #close()}. */
  public MemorySegment segment() {
    return segment;
  }

  /** A bounds-checked reader at offset 0. */
  public SegmentReader reader() {
    return new SegmentReader(segment, path.toString());
  }

  /** Unmaps the file. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      arena.close();
    }
  }
}
