package io.infer4j.runtime.internal.hub;

import io.infer4j.InvalidRequestException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A file in a Hugging Face repository: {@code hf:OWNER/REPO/FILE[@REVISION]}, where FILE may
 * contain folders and REVISION (a branch, tag or commit) defaults to {@code main}.
 *
 * @param owner the user or organisation
 * @param repo the repository name
 * @param file the file's path inside the repository, {@code /}-separated
 * @param revision the branch, tag or commit
 */
public record HfReference(String owner, String repo, String file, String revision) {
  /** The scheme prefix. */
  public static final String PREFIX = "hf:";

  /** Whether {@code text} is meant as a Hugging Face reference (starts with {@code hf:}). */
  public static boolean looksLike(String text) {
    return text.startsWith(PREFIX);
  }

  /**
   * Parses {@code text}.
   *
   * @throws InvalidRequestException naming field {@code model} if it is not {@code
   *     hf:OWNER/REPO/FILE[@REVISION]} with non-empty parts and no {@code .} or {@code ..} segment
   */
  public static HfReference parse(String text) {
    if (!looksLike(text)) {
      throw invalid(text, "it does not start with hf:");
    }
    String body = text.substring(PREFIX.length());
    String revision = "main";
    int at = body.lastIndexOf('@');
    if (at >= 0) {
      revision = body.substring(at + 1);
      body = body.substring(0, at);
      if (revision.isEmpty()) {
        throw invalid(text, "the revision after @ is empty");
      }
    }
    List<String> parts = Arrays.asList(body.split("/", -1));
    if (parts.size() < 3) {
      throw invalid(text, "it names no file inside the repository");
    }
    for (String part : parts) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw invalid(text, "it has an empty, '.' or '..' path segment");
      }
      if (part.chars().anyMatch(c -> c < 0x20 || c == '\\' || c == 0x7F)) {
        throw invalid(text, "it contains a backslash or a control character");
      }
    }
    if (revision.chars().anyMatch(c -> c < 0x20 || c == '\\' || c == 0x7F)
        || revision.equals(".")
        || revision.equals("..")) {
      throw invalid(text, "the revision is not a valid name");
    }
    return new HfReference(
        parts.get(0), parts.get(1), String.join("/", parts.subList(2, parts.size())), revision);
  }

  private static InvalidRequestException invalid(String text, String why) {
    return new InvalidRequestException(
        "model",
        "'"
            + text
            + "' is not a Hugging Face file reference ("
            + why
            + "); expected hf:OWNER/REPO/FILE[@REVISION], e.g."
            + " hf:ggml-org/models/tinyllamas/stories15M-q8_0.gguf");
  }

  /** {@code BASE/OWNER/REPO/resolve/REVISION/FILE}, each segment percent-encoded. */
  public URI resolveUrl(URI base) {
    String root = base.toString();
    while (root.endsWith("/")) {
      root = root.substring(0, root.length() - 1);
    }
    StringBuilder url =
        new StringBuilder(root)
            .append('/')
            .append(encode(owner))
            .append('/')
            .append(encode(repo))
            .append("/resolve/")
            .append(encode(revision));
    for (String segment : file.split("/")) {
      url.append('/').append(encode(segment));
    }
    return URI.create(url.toString());
  }

  /**
   * Where the file lives in the cache: {@code ROOT/hf/OWNER/REPO/REVISION/FILE} (a revision's
   * {@code /} is percent-encoded so that it stays one folder).
   */
  public Path cachePath(Path root) {
    Path p = root.resolve("hf").resolve(owner).resolve(repo).resolve(revision.replace("/", "%2F"));
    for (String segment : file.split("/")) {
      p = p.resolve(segment);
    }
    return p;
  }

  /** The file's name (last path segment). */
  public String fileName() {
    return file.substring(file.lastIndexOf('/') + 1);
  }

  /** Percent-encodes all but RFC 3986's unreserved characters. */
  private static String encode(String segment) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      boolean unreserved =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (unreserved) {
        out.write(c);
      } else {
        out.writeBytes(String.format("%%%02X", c).getBytes(StandardCharsets.US_ASCII));
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return PREFIX + owner + "/" + repo + "/" + file + (revision.equals("main") ? "" : "@" + revision);
  }
}
