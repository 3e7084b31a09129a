package io.infer4j.runtime.internal.hub;

import io.infer4j.ModelFormatException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.runtime.internal.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Downloads Hub files into the cache, once: a file at its cache path is complete and verified, and
 * is returned without any network access. Otherwise the bytes go to {@code FILE.part}, a {@code
 * .part} left by an interrupted run is resumed with an HTTP
 * {@code Range} request, an interrupted body is resumed up to {@value #ATTEMPTS} times in all, the
 * result is checked against the size and SHA-256 the Hub announces, and only then renamed to its
 * final name (atomically).
 *
 * <p>Immutable; each {@link #fetch} uses its own HTTP client, so calls may run on any threads. Two
 * fetches of one file, from threads of this JVM or from other processes (a file lock on the
 * {@code .part}), take turns: the second waits, then finds the file in the cache.
 */
public final class HubDownloader {
  /** Requests per fetch: the first and up to three resumptions. */
  static final int ATTEMPTS = 4;

  private static final int BUFFER = 1 << 20;

  /** One monitor per target file: downloads of one file in this JVM take turns. */
  private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

  private final URI base;
  private final Path cacheRoot;
  private final PrintStream progress;
  private final Duration connectTimeout;

  /**
   * @param base the Hub's URL ({@code https://huggingface.co}, or a local test server)
   * @param cacheRoot the cache folder
   * @param progress where to draw the progress bar (a console's stderr), or null for none
   * @param connectTimeout how long to wait for a connection
   */
  public HubDownloader(URI base, Path cacheRoot, PrintStream progress, Duration connectTimeout) {
    this.base = Objects.requireNonNull(base, "base");
    this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot");
    this.progress = progress;
    this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
  }

  /**
   * The local file of {@code ref}, downloaded first if the cache lacks it.
   *
   * @throws ModelNotFoundException if the Hub has no such file (404), refuses it (401/403: gated
   *     or private), cannot be reached while the cache has no copy (the message says how to pass a
   *     local file), or the download kept failing (the partial file is kept for the next try)
   * @throws ModelFormatException if the downloaded bytes do not match the announced size or
   *     SHA-256 (the partial file is deleted)
   */
  public Path fetch(HfReference ref) {
    Path target = ref.cachePath(cacheRoot);
    if (Files.isRegularFile(target)) {
      return target;
    }
    Path part = target.resolveSibling(target.getFileName() + ".part");
    try {
      Files.createDirectories(target.getParent());
    } catch (IOException e) {
      throw new ModelNotFoundException(
          ref.toString(), "cannot create the cache folder " + target.getParent() + ": " + e, e);
    }
    synchronized (LOCKS.computeIfAbsent(target, k -> new Object())) {
      if (Files.isRegularFile(target)) {
        return target; // downloaded by another thread while this one waited
      }
      return fetchLocked(ref, target, part);
    }
  }

  /** Downloads under the part file's lock, which keeps other processes out (they wait). */
  private Path fetchLocked(HfReference ref, Path target, Path part) {
    try (FileChannel ch =
            FileChannel.open(
                part,
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      if (Files.isRegularFile(target)) {
        Files.deleteIfExists(part);
        return target; // finished by the process that held the lock before us
      }
      try {
        return download(ref, target, part, ch);
      } catch (RuntimeException e) {
        if (Files.exists(part) && ch.size() == 0) {
          Files.deleteIfExists(part); // nothing to resume from: leave no trace
        }
        throw e;
      }
    } catch (IOException e) {
      throw new ModelNotFoundException(
          ref.toString(), "cannot write the download to " + part + ": " + e, e);
    }
  }

  private Path download(HfReference ref, Path target, Path part, FileChannel ch)
      throws IOException {
    URI url = ref.resolveUrl(base);
    ProgressBar bar = new ProgressBar(progress, ref.fileName());
    IOException last = null;
    try (HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(connectTimeout)
            .build()) {
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        if (attempt > 1) {
          pause(attempt);
        }
        long have = ch.size();
        HttpResponse<InputStream> response;
        try {
          response = client.send(request(url, have), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
          throw offline(ref, url, target, part, have, e);
        } catch (IOException e) {
          last = e; // reset before the headers came: try again
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ModelNotFoundException(
              ref.toString(), "the download was interrupted; " + kept(part, have), e);
        }
        try (InputStream body = response.body()) {
          Path done = receive(ref, url, target, part, ch, have, response, body, bar);
          if (done != null) {
            return done;
          }
          last = new IOException("HTTP " + response.statusCode() + " from " + url);
        } catch (IOException e) {
          last = e; // the body broke off: resume from what arrived
        }
      }
    }
    throw new ModelNotFoundException(
        ref.toString(),
        "the download from "
            + url
            + " failed after "
            + ATTEMPTS
            + " attempts ("
            + last
            + "); "
            + kept(part, ch.size()),
        last);
  }

  /**
   * Handles one response: writes its body, verifies and publishes the file. Returns the file, or
   * null when the answer calls for another attempt (a server error, a range it would not serve).
   */
  private Path receive(
      HfReference ref,
      URI url,
      Path target,
      Path part,
      FileChannel ch,
      long have,
      HttpResponse<InputStream> response,
      InputStream body,
      ProgressBar bar)
      throws IOException {
    int code = response.statusCode();
    long start;
    switch (code) {
      case 200 -> start = 0; // a full body: the server ignored or was not sent a range
      case 206 -> {
        start = RemoteFile.rangeStart(response.headers()).orElse(-1);
        if (start != have) {
          ch.truncate(0); // not the range asked for: start over
          return null;
        }
      }
      case 404 ->
          throw new ModelNotFoundException(
              ref.toString(),
              "the Hub has no such file (HTTP 404 from "
                  + url
                  + "); check the owner, repository, file name and revision");
      case 401, 403 ->
          throw new ModelNotFoundException(
              ref.toString(),
              "the Hub refused the download (HTTP "
                  + code
                  + " from "
                  + url
                  + "): the repository is gated or private; download the file yourself and pass"
                  + " its local path");
      case 416 -> {
        ch.truncate(0); // the kept part is not a prefix the server can continue: start over
        return null;
      }
      default -> {
        return null;
      }
    }
    RemoteFile remote = RemoteFile.of(response);
    if (start == 0) {
      ch.truncate(0);
    }
    long size = copy(body, ch, start, remote.size(), bar);
    if (remote.size() >= 0 && size < remote.size()) {
      throw new IOException("the body ended after " + size + " of " + remote.size() + " bytes");
    }
    if (remote.size() >= 0 && size > remote.size()) {
      Files.deleteIfExists(part);
      throw new ModelFormatException(
          ref.toString(),
          "the download is longer ("
              + size
              + " bytes) than announced ("
              + remote.size()
              + "); it was deleted, try again");
    }
    if (remote.sha256().isPresent()) {
      String actual = Sha256.of(ch);
      if (!actual.equals(remote.sha256().get())) {
        Files.deleteIfExists(part);
        throw new ModelFormatException(
            ref.toString(),
            "the download's SHA-256 is "
                + actual
                + " but the Hub announced "
                + remote.sha256().get()
                + " (X-Linked-Etag); it was deleted, try again");
      }
    }
    ch.force(true);
    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    bar.finish(size, remote.size());
    return target;
  }

  private static HttpRequest request(URI url, long have) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).GET().header("User-Agent", "infer4j");
    if (have > 0) {
      b.header("Range", "bytes=" + have + "-");
    }
    return b.build();
  }

  /** Appends the body at {@code start}; returns the file's length after it. */
  private static long copy(
      InputStream body, FileChannel ch, long start, long total, ProgressBar bar)
      throws IOException {
    byte[] buffer = new byte[BUFFER];
    long position = start;
    bar.update(position, total);
    for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
      ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
      while (b.hasRemaining()) {
        position += ch.write(b, position);
      }
      bar.update(position, total);
    }
    return position;
  }

  private static ModelNotFoundException offline(
      HfReference ref, URI url, Path target, Path part, long have, IOException e) {
    return new ModelNotFoundException(
        ref.toString(),
        "cannot reach "
            + url.getHost()
            + " ("
            + e
            + ") and the cache has no copy at "
            + target
            + (have > 0 ? " (" + kept(part, have) + ")" : "")
            + "; to run offline, pass a local file instead (--model /path/to/"
            + ref.fileName()
            + ", or infer4j.model=/path/to/"
            + ref.fileName()
            + "), or put the file at that cache path",
        e);
  }

  private static String kept(Path part, long bytes) {
    return "the " + bytes + " bytes received are kept in " + part + " and the next try resumes";
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(100L * (attempt - 1)); // brief: a broken-off body usually resumes at once
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
