package io.infer4j.runtime;

import java.io.Console;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where {@link ModelSources} keeps downloaded model files and where it gets them from. An
 * immutable value; several caches may share one folder (downloads of one file take turns).
 *
 * @param directory the cache folder; files live at {@code directory/hf/OWNER/REPO/REVISION/FILE}
 * @param hubUrl the Hugging Face Hub's base URL ({@code https://huggingface.co}; a mirror or a
 *     test server)
 * @param progress whether to draw a progress bar on stderr while downloading (never on stdout)
 * @param connectTimeout how long to wait for a connection to the Hub
 */
public record ModelCache(Path directory, URI hubUrl, boolean progress, Duration connectTimeout) {
  /** The public Hub. */
  public static final URI HUGGING_FACE = URI.create("https://huggingface.co");

  /** The environment variable naming the cache folder. */
  public static final String CACHE_ENV = "INFER4J_CACHE";

  /** The environment variable naming a Hub mirror, as Hugging Face's own tools read it. */
  public static final String HUB_ENV = "HF_ENDPOINT";

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException if the hub URL is not absolute http(s) or the timeout is not
   *     positive
   */
  public ModelCache {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(hubUrl, "hubUrl");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    String scheme = hubUrl.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("hubUrl must be an http(s) URL: " + hubUrl);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
  }

  /**
   * {@return the cache folder from env {@value #CACHE_ENV}, else {@code ~/.cache/infer4j}; the Hub from
   * env {@value #HUB_ENV}, else the public one; a progress bar only when a console is attached; 30
   * s to connect}
   *
   * @throws IllegalArgumentException if {@value #HUB_ENV} is not an http(s) URL
   */
  public static ModelCache defaults() {
    String env = System.getenv(CACHE_ENV);
    Path dir =
        env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".cache", "infer4j");
    String hub = System.getenv(HUB_ENV);
    URI hubUrl = hub != null && !hub.isBlank() ? URI.create(hub.strip()) : HUGGING_FACE;
    Console console = System.console();
    boolean terminal = console != null && console.isTerminal();
    return new ModelCache(dir, hubUrl, terminal, Duration.ofSeconds(30));
  }

  /**
   * {@return this cache in another folder}
   *
   * @param directory the cache folder
   */
  public ModelCache withDirectory(Path directory) {
    return new ModelCache(directory, hubUrl, progress, connectTimeout);
  }

  /**
   * {@return this cache fed from another Hub URL}
   *
   * @param hubUrl the Hub's base URL, absolute http(s)
   * @throws IllegalArgumentException if {@code hubUrl} is not absolute http(s)
   */
  public ModelCache withHubUrl(URI hubUrl) {
    return new ModelCache(directory, hubUrl, progress, connectTimeout);
  }

  /**
   * {@return this cache with the progress bar on or off}
   *
   * @param progress whether to draw a progress bar on stderr while downloading
   */
  public ModelCache withProgress(boolean progress) {
    return new ModelCache(directory, hubUrl, progress, connectTimeout);
  }

  /**
   * {@return this cache with another connect timeout}
   *
   * @param connectTimeout how long to wait for a connection to the Hub, positive
   * @throws IllegalArgumentException if {@code connectTimeout} is not positive
   */
  public ModelCache withConnectTimeout(Duration connectTimeout) {
    return new ModelCache(directory, hubUrl, progress, connectTimeout);
  }
}
