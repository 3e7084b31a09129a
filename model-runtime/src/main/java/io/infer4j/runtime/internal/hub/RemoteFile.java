package io.infer4j.runtime.internal.hub;

import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Hub says about a file in a response: its size and its SHA-256 when known. For files
 * stored with Git LFS (model weights) the resolve endpoint answers with a redirect carrying {@code
 * X-Linked-Size} and {@code X-Linked-Etag} (the SHA-256 of the content, quoted); for small files
 * only the body's own length is known (their {@code ETag} is a Git blob id, not a content hash).
 *
 * @param size the file's full size in bytes, or -1 when unknown
 * @param sha256 lower-case hex, or empty when unknown
 */
record RemoteFile(long size, Optional<String> sha256) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  /**
   * The facts of {@code response} and the redirects before it; the size falls back to what {@code
   * Content-Range} or {@code Content-Length} imply.
   */
  static RemoteFile of(HttpResponse<?> response) {
    long size = -1;
    String sha = null;
    for (HttpResponse<?> r = response; r != null; r = r.previousResponse().orElse(null)) {
      HttpHeaders h = r.headers();
      if (size < 0) {
        size = h.firstValueAsLong("X-Linked-Size").orElse(-1);
      }
      if (sha == null) {
        sha = h.firstValue("X-Linked-Etag").map(RemoteFile::unquote).orElse(null);
        if (sha != null && !SHA256.matcher(sha).matches()) {
          sha = null;
        }
      }
    }
    if (size < 0) {
      size = totalFromContentRange(response.headers()).orElse(-1);
    }
    if (size < 0 && response.statusCode() == 200) {
      size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    }
    return new RemoteFile(
        size, Optional.ofNullable(sha).map(s -> s.toLowerCase(Locale.ROOT)));
  }

  /** The start offset of a 206 response's {@code Content-Range}, if it has a valid one. */
  static OptionalLong rangeStart(HttpHeaders headers) {
    Matcher m = CONTENT_RANGE.matcher(headers.firstValue("Content-Range").orElse(""));
    return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }

  private static OptionalLong totalFromContentRange(HttpHeaders headers) {
    Matcher m = CONTENT_RANGE.matcher(headers.firstValue("Content-Range").orElse(""));
    return m.matches() && !m.group(3).equals("*")
        ? OptionalLong.of(Long.parseLong(m.group(3)))
        : OptionalLong.empty();
  }

  private static String unquote(String etag) {
    String s = etag.strip();
    if (s.startsWith("W/")) {
      s = s.substring(2);
    }
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1);
    }
    return s;
  }

  /** Hex of a digest. */
  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
