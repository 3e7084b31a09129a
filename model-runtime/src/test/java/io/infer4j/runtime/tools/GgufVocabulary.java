package io.infer4j.runtime.tools;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.RegularFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code tokenizer.*} key/value entries of a GGUF file, kept as their raw encoded bytes so
 * they can be copied verbatim into another GGUF file. Immutable.
 *
 * @param entries the entries, each {@code key, type, value} as GGUF encodes them
 * @param count number of entries
 * @param vocabSize length of {@code tokenizer.ggml.tokens}
 */
record GgufVocabulary(byte[] entries, int count, int vocabSize) {

  /**
   * Reads the tokenizer entries of {@code file} (GGUF v2 or v3).
   *
   * @throws ModelFormatException naming the file if it is not a regular file, not a GGUF or has no
   *     token list
   */
  static GgufVocabulary read(Path file) {
    return read(file, "");
  }

  /** As {@link #read(Path)}, leaving out the entry {@code skipKey} (to write another value). */
  static GgufVocabulary read(Path file, String skipKey) {
    RegularFile.require(file); // before opening: opening a named pipe would block
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
      b.order(ByteOrder.LITTLE_ENDIAN);
      if (b.remaining() < 24 || b.getInt() != 0x46554747) {
        throw new ModelFormatException(file.toString(), "not a GGUF file (bad magic)");
      }
      int version = b.getInt();
      if (version != 2 && version != 3) {
        throw new ModelFormatException(file.toString(), "unsupported GGUF version " + version);
      }
      b.getLong(); // tensor count
      long kvs = b.getLong();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int count = 0;
      int vocab = -1;
      for (long i = 0; i < kvs; i++) {
        int start = b.position();
        String key = string(b);
        int type = b.getInt();
        if (key.equals("tokenizer.ggml.tokens")) {
          b.getInt(); // element type
          vocab = Math.toIntExact(b.getLong());
          b.position(b.position() - 12);
        }
        skipValue(b, type);
        if (key.startsWith("tokenizer.") && !key.equals(skipKey)) {
          out.writeBytes(copy(b, start));
          count++;
        }
      }
      if (vocab < 0) {
        throw new ModelFormatException(file.toString(), "no tokenizer.ggml.tokens");
      }
      return new GgufVocabulary(out.toByteArray(), count, vocab);
    } catch (IOException e) {
      throw new ModelFormatException(file.toString(), "cannot read: " + e.getMessage());
    } catch (RuntimeException e) {
      if (e instanceof ModelFormatException m) {
        throw m;
      }
      throw new ModelFormatException(file.toString(), "malformed metadata: " + e);
    }
  }

  private static byte[] copy(ByteBuffer b, int start) {
    byte[] bytes = new byte[b.position() - start];
    b.get(start, bytes);
    return bytes;
  }

  private static String string(ByteBuffer b) {
    int len = Math.toIntExact(b.getLong());
    byte[] bytes = new byte[len];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void skipValue(ByteBuffer b, int type) {
    switch (type) {
      case 0, 1, 7 -> b.position(b.position() + 1);
      case 2, 3 -> b.position(b.position() + 2);
      case 4, 5, 6 -> b.position(b.position() + 4);
      case 10, 11, 12 -> b.position(b.position() + 8);
      case 8 -> {
        long len = b.getLong();
        b.position(Math.toIntExact(b.position() + len));
      }
      case 9 -> {
        int elementType = b.getInt();
        long n = b.getLong();
        for (long i = 0; i < n; i++) {
          skipValue(b, elementType);
        }
      }
      default -> throw new IllegalArgumentException("unknown value type " + type);
    }
  }
}
