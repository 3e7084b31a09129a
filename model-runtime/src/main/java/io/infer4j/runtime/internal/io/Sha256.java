package io.infer4j.runtime.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 checksums of files, as lower-case hex (the form the Hugging Face Hub announces). */
public final class Sha256 {
  private static final int BUFFER = 1 << 20;

  private Sha256() {}

  /** A new SHA-256 digest. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The lower-case hex form of a digest. */
  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  /** The checksum of a file. */
  public static String of(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file)) {
      return of(ch);
    }
  }

  /** The checksum of a channel's whole content, read from position 0 (its position is unchanged). */
  public static String of(FileChannel ch) throws IOException {
    MessageDigest digest = newDigest();
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    long position = 0;
    for (int n = ch.read(buffer, position); n >= 0; n = ch.read(buffer, position)) {
      position += n;
      buffer.flip();
      digest.update(buffer);
      buffer.clear();
    }
    return hex(digest.digest());
  }
}
