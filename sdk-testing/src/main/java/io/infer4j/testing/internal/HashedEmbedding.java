package io.infer4j.testing.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fake's default embedding: a hashed bag of words ("feature hashing", Weinberger et al., ICML
 * 2009). Each word of the text (a run of letters or digits, lower-cased) adds +1 or -1 to one
 * component; the 64-bit FNV-1a hash of its UTF-8 bytes picks the component (hash mod dimensions)
 * and the sign (its top bit), so colliding words cancel out on average instead of piling up. The
 * vector is then scaled to length 1. A text without words counts as the one word {@code ""}; only
 * when all of a text's words cancel out (rare) is the vector zero.
 *
 * <p>Texts that share words point the same way (cosine = the words they share, weighted by count),
 * unrelated texts are near orthogonal; no meaning beyond that. The same text gives the same vector
 * on every JVM. Stateless. Not API.
 */
public final class HashedEmbedding {

  /** The dimensions unless set otherwise: enough that two texts of ten words rarely collide. */
  public static final int DEFAULT_DIMENSIONS = 256;

  // FNV-1a, 64-bit (Fowler, Noll, Vo; the IETF draft-eastlake-fnv)
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private HashedEmbedding() {}

  /** text -> (dimensions,) unit vector */
  public static float[] of(String text, int dimensions) {
    if (dimensions < 1) {
      throw new IllegalArgumentException("dimensions must be >= 1: " + dimensions);
    }
    double[] sum = new double[dimensions];
    List<String> words = words(text);
    for (String word : words.isEmpty() ? List.of("") : words) {
      long h = fnv1a(word);
      int component = (int) Long.remainderUnsigned(h, dimensions);
      sum[component] += h < 0 ? -1 : 1;
    }
    double norm = 0;
    for (double v : sum) {
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    float[] vector = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      // norm > 0 unless every word cancelled out in one component; then the zero vector
      vector[i] = norm == 0 ? 0f : (float) (sum[i] / norm);
    }
    return vector;
  }

  /** The words of {@code text}: maximal runs of letters and digits, lower-cased. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    text.codePoints().forEach(cp -> {
      if (Character.isLetterOrDigit(cp)) {
        word.appendCodePoint(cp);
      } else if (word.length() > 0) {
        words.add(word.toString().toLowerCase(Locale.ROOT));
        word.setLength(0);
      }
    });
    if (word.length() > 0) {
      words.add(word.toString().toLowerCase(Locale.ROOT));
    }
    return words;
  }

  private static long fnv1a(String word) {
    long h = FNV_OFFSET;
    for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }
}
