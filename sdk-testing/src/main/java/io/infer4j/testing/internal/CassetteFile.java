package io.infer4j.testing.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.infer4j.testing.CassetteException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;

/**
 * The JSON document of one cassette file, and reading and writing it. Writes are atomic: the
 * document goes to a temporary file in the same folder, which is then moved over the cassette, so
 * a crash never leaves half a file. Only request content and response data are written, never
 * configuration (no API keys). Not API.
 *
 * <pre>{@code
 * {"format": "infer4j-cassette", "version": 2,
 *  "interactions": [{"request": {...RequestKey...}, "response": {...RecordedResponse...}}],
 *  "embeddings": [{"request": {...EmbeddingKey...}, "response": {...RecordedEmbeddings...}}]}
 * }</pre>
 *
 * <p>Versions: 1 had generations only; 2 adds tools, tool choice, response format, tool calls and
 * media to the requests, tool calls to the responses, and the {@code embeddings}. Every addition
 * is optional and written only when present, so a version 1 file reads as a version 2 file without
 * them (and is rewritten as version 2 when recorded into).
 *
 * @param format always {@link #FORMAT}
 * @param version the version written, {@link #VERSION}; read: 1 to {@link #VERSION}
 * @param embeddings the recorded embedding requests; empty for none
 */
public record CassetteFile(
    String format,
    int version,
    List<Interaction> interactions,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<EmbeddingInteraction> embeddings) {

  public static final String FORMAT = "infer4j-cassette";
  public static final int VERSION = 2;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One recorded request and its response. */
  public record Interaction(RequestKey request, RecordedResponse response) {
    public Interaction {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(response, "response");
    }
  }

  /** One recorded embedding request and its vectors. */
  public record EmbeddingInteraction(EmbeddingKey request, RecordedEmbeddings response) {
    public EmbeddingInteraction {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(response, "response");
    }
  }

  public CassetteFile {
    interactions = interactions == null ? List.of() : List.copyOf(interactions);
    embeddings = embeddings == null ? List.of() : List.copyOf(embeddings);
  }

  public static CassetteFile of(List<Interaction> interactions, List<EmbeddingInteraction> embeddings) {
    return new CassetteFile(FORMAT, VERSION, interactions, embeddings);
  }

  /**
   * Reads a cassette.
   *
   * @throws CassetteException when the file is missing, unreadable or not a cassette
   */
  public static CassetteFile read(Path file) {
    CassetteFile doc;
    try {
      doc = JSON.readValue(Files.readAllBytes(file), CassetteFile.class);
    } catch (NoSuchFileException e) {
      throw new CassetteException(file, "no such file (record it first with a 'record' backend)", e);
    } catch (JacksonException e) {
      throw new CassetteException(file, "not a valid cassette: " + e.getOriginalMessage()
          + locate(e), e);
    } catch (IOException e) {
      throw new CassetteException(file, "cannot be read: " + e, e);
    }
    if (doc == null) {
      throw new CassetteException(file, "not a valid cassette: the file is empty", null);
    }
    if (!FORMAT.equals(doc.format())) {
      throw new CassetteException(
          file, "not a valid cassette: \"format\" is " + doc.format() + ", expected " + FORMAT, null);
    }
    if (doc.version() < 1 || doc.version() > VERSION) {
      throw new CassetteException(file, "unsupported cassette version " + doc.version()
          + " (this test kit reads 1 to " + VERSION + ")", null);
    }
    for (int i = 0; i < doc.interactions().size(); i++) {
      if (doc.interactions().get(i) == null) {
        throw new CassetteException(file, "not a valid cassette: interaction " + i + " is null", null);
      }
    }
    for (int i = 0; i < doc.embeddings().size(); i++) {
      if (doc.embeddings().get(i) == null) {
        throw new CassetteException(file, "not a valid cassette: embedding " + i + " is null", null);
      }
    }
    return doc;
  }

  private static String locate(JacksonException e) {
    return e.getLocation() == null
        ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }

  /**
   * Writes this document to {@code file} atomically, creating its folder.
   *
   * @throws CassetteException when it cannot be written
   */
  public void write(Path file) {
    Path target = file.toAbsolutePath();
    Path tmp = null;
    try {
      Files.createDirectories(target.getParent());
      tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new CassetteException(file, "cannot be written: " + e, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temporary file is harmless
        }
      }
    }
  }
}
