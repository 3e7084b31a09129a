package io.infer4j.testing.internal;

import io.infer4j.testing.CassetteException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recordings of one cassette file in memory: one response per request key and one set of
 * vectors per embedding key (a later recording of the same key replaces the earlier one).
 * Thread-safe; each {@link #record} and {@link #recordEmbeddings} rewrites the file. Not API.
 */
public final class Cassette {

  private final Path file;
  private final Map<RequestKey, RecordedResponse> recordings = new LinkedHashMap<>(); // guarded by this
  private final Map<EmbeddingKey, RecordedEmbeddings> embeddings = new LinkedHashMap<>(); // guarded by this

  private Cassette(Path file, CassetteFile doc) {
    this.file = file;
    for (CassetteFile.Interaction i : doc.interactions()) {
      recordings.put(i.request(), i.response());
    }
    for (CassetteFile.EmbeddingInteraction e : doc.embeddings()) {
      embeddings.put(e.request(), e.response());
    }
  }

  /**
   * The cassette in {@code file}, which must exist.
   *
   * @throws CassetteException when it is missing or invalid
   */
  public static Cassette open(Path file) {
    return new Cassette(file, CassetteFile.read(file));
  }

  /**
   * The cassette in {@code file} for recording: its recordings if it exists, else empty.
   *
   * @throws CassetteException when it exists but is invalid
   */
  public static Cassette openForRecording(Path file) {
    // One instance per file in this JVM, so that two recorders of the same cassette add to each
    // other's recordings instead of overwriting them.
    Path key = file.toAbsolutePath().normalize();
    // A cached cassette whose file was deleted since it was written is stale: start afresh.
    return RECORDING.compute(key, (k, cached) -> {
      boolean exists = Files.exists(k);
      if (cached != null && (exists || cached.size() == 0)) {
        return cached;
      }
      return exists ? open(k) : new Cassette(k, CassetteFile.of(List.of(), List.of()));
    });
  }

  private static final java.util.concurrent.ConcurrentMap<Path, Cassette> RECORDING =
      new java.util.concurrent.ConcurrentHashMap<>();

  public Path file() {
    return file;
  }

  /** The recording for a key, if any. */
  public synchronized Optional<RecordedResponse> find(RequestKey key) {
    return Optional.ofNullable(recordings.get(key));
  }

  /** The recorded vectors for a key, if any. */
  public synchronized Optional<RecordedEmbeddings> findEmbeddings(EmbeddingKey key) {
    return Optional.ofNullable(embeddings.get(key));
  }

  /** How many requests (generations and embeddings) are recorded. */
  public synchronized int size() {
    return recordings.size() + embeddings.size();
  }

  /**
   * Stores a response and rewrites the file.
   *
   * @throws CassetteException when the file cannot be written
   */
  public synchronized void record(RequestKey key, RecordedResponse response) {
    recordings.put(key, response);
    write();
  }

  /**
   * Stores the vectors of an embedding request and rewrites the file.
   *
   * @throws CassetteException when the file cannot be written
   */
  public synchronized void recordEmbeddings(EmbeddingKey key, RecordedEmbeddings response) {
    embeddings.put(key, response);
    write();
  }

  private void write() {
    List<CassetteFile.Interaction> all = new ArrayList<>();
    recordings.forEach((k, v) -> all.add(new CassetteFile.Interaction(k, v)));
    List<CassetteFile.EmbeddingInteraction> vectors = new ArrayList<>();
    embeddings.forEach((k, v) -> vectors.add(new CassetteFile.EmbeddingInteraction(k, v)));
    CassetteFile.of(all, vectors).write(file);
  }
}
