package io.infer4j.runtime.internal.io;

import io.infer4j.ModelFormatException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over a memory segment that reads little-endian primitives and refuses to read past the
 * end: every read checks the remaining bytes first and fails with a {@link ModelFormatException}
 * that names the source, what was being read and the offset. Length prefixes are checked against
 * the remaining bytes before anything is allocated, so a hostile header cannot make a reader
 * allocate more than the file holds.
 *
 * <p>Not thread-safe: one reader per parse.
 */
public final class SegmentReader {
  private static final ValueLayout.OfInt INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfShort SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfFloat FLOAT =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfDouble DOUBLE =
      ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final MemorySegment segment;
  private final String source;
  private long position;

  /** Strict UTF-8; decode() resets it, so one serves every string of the parse. */
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  /**
   * @param segment the bytes to read (not copied; the caller keeps it alive)
   * @param source the file name used in error messages
   */
  public SegmentReader(MemorySegment segment, String source) {
    this.segment = segment;
    this.source = source;
  }

  /** The file name used in error messages. */
  public String source() {
    return source;
  }

  /** Offset of the next byte to read. */
  public long position() {
    return position;
  }

  /** Bytes left after {@link #position()}. */
  public long remaining() {
    return segment.byteSize() - position;
  }

  /** Total size in bytes. */
  public long size() {
    return segment.byteSize();
  }

  /** A format error for this source. */
  public ModelFormatException error(String problem) {
    return new ModelFormatException(source, problem);
  }

  /** Fails unless {@code count} more bytes are available for {@code what}. */
  public void require(long count, String what) {
    if (count < 0 || count > remaining()) {
      throw error(
          "truncated: "
              + what
              + " needs "
              + (count < 0 ? Long.toUnsignedString(count) : count)
              + " bytes at offset "
              + position
              + " but only "
              + remaining()
              + " remain");
    }
  }

  /** Skips {@code count} bytes. */
  public void skip(long count, String what) {
    advance(count, what);
  }

  /** Checks that {@code count} more bytes are there for {@code what}; returns where they start. */
  private long advance(long count, String what) {
    require(count, what);
    long at = position;
    position += count;
    return at;
  }

  public byte readByte(String what) {
    return segment.get(ValueLayout.JAVA_BYTE, advance(1, what));
  }

  public short readShort(String what) {
    return segment.get(SHORT, advance(2, what));
  }

  public int readInt(String what) {
    return segment.get(INT, advance(4, what));
  }

  public long readLong(String what) {
    return segment.get(LONG, advance(8, what));
  }

  public float readFloat(String what) {
    return segment.get(FLOAT, advance(4, what));
  }

  public double readDouble(String what) {
    return segment.get(DOUBLE, advance(8, what));
  }

  /** Reads {@code count} raw bytes, after checking they are there. */
  public byte[] readBytes(long count, String what) {
    long at = advance(count, what);
    byte[] bytes = new byte[(int) count];
    MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, at, bytes, 0, (int) count);
    return bytes;
  }

  /**
   * Reads {@code length} bytes as strict UTF-8.
   *
   * @throws ModelFormatException if the bytes are missing or not valid UTF-8
   */
  public String readUtf8(long length, String what) {
    if (length < 0 || length > remaining()) {
      throw error(
          what
              + " has length "
              + Long.toUnsignedString(length)
              + " at offset "
              + position
              + " but only "
              + remaining()
              + " bytes remain");
    }
    if (length > Integer.MAX_VALUE - 8) {
      throw error(what + " has absurd length " + length);
    }
    long start = position;
    byte[] bytes = readBytes(length, what);
    try {
      return utf8.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ModelFormatException(
          source, what + " at offset " + start + " is not valid UTF-8", e);
    }
  }
}
