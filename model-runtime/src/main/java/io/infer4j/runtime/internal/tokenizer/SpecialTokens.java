package io.infer4j.runtime.internal.tokenizer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The special tokens of a vocabulary (control tokens such as {@code <|eot_id|>}, {@code
 * <|im_start|>}, {@code <s>}, and user-defined ones) and how text containing them is split, as
 * llama.cpp does when it tokenizes with {@code parse_special}: the specials are tried longest
 * first (then lowest id), and each occurrence of one in a still-raw stretch of text is cut out as
 * that token. Empty pieces are never special.
 *
 * <p>Immutable and thread-safe.
 */
public final class SpecialTokens {
  private static final SpecialTokens NONE = new SpecialTokens(List.of(), List.of());

  /** Special ids, longest text first, then lowest id. */
  private final int[] ids;

  private final String[] texts;

  /** The same ids, ascending (what {@link #ids()} returns; asked for per chat request). */
  private final Set<Integer> idSet;

  private SpecialTokens(List<String> pieces, Collection<Integer> specialIds) {
    List<Integer> sorted = new ArrayList<>();
    for (int id : new TreeSet<>(specialIds)) {
      if (!pieces.get(id).isEmpty()) {
        sorted.add(id);
      }
    }
    sorted.sort(
        Comparator.comparingInt((Integer id) -> -pieces.get(id).length())
            .thenComparingInt(id -> id));
    this.ids = sorted.stream().mapToInt(Integer::intValue).toArray();
    this.texts = sorted.stream().map(pieces::get).toArray(String[]::new);
    this.idSet = Collections.unmodifiableSet(new TreeSet<>(sorted));
  }

  /** No special tokens: text is never split. */
  public static SpecialTokens none() {
    return NONE;
  }

  /**
   * The tokens {@code specialIds} of {@code pieces}.
   *
   * @throws IndexOutOfBoundsException if an id is outside {@code pieces}
   */
  public static SpecialTokens of(List<String> pieces, Collection<Integer> specialIds) {
    for (int id : specialIds) {
      Objects.checkIndex(id, pieces.size());
    }
    return specialIds.isEmpty() ? NONE : new SpecialTokens(pieces, specialIds);
  }

  /** The special ids, ascending. */
  public Set<Integer> ids() {
    return idSet;
  }

  /**
   * {@code text} cut into raw stretches and special tokens, in order; the raw stretches and the
   * specials' texts concatenate to {@code text}. Raw stretches are never empty.
   */
  List<Segment> split(String text) {
    List<Segment> segments = new ArrayList<>();
    segments.add(Segment.raw(text));
    for (int s = 0; s < ids.length; s++) {
      List<Segment> next = new ArrayList<>(segments.size() + 4);
      for (Segment seg : segments) {
        if (seg.isSpecial()) {
          next.add(seg);
          continue;
        }
        String raw = seg.text();
        int from = 0;
        for (int at = raw.indexOf(texts[s]); at >= 0; at = raw.indexOf(texts[s], from)) {
          next.add(Segment.raw(raw.substring(from, at)));
          next.add(new Segment(texts[s], ids[s]));
          from = at + texts[s].length();
        }
        next.add(Segment.raw(raw.substring(from)));
      }
      segments = next;
    }
    segments.removeIf(seg -> !seg.isSpecial() && seg.text().isEmpty());
    return segments;
  }

  /**
   * A stretch of text: a special token's text with its id, or raw text with id -1.
   *
   * @param text the characters
   * @param id the special token, or -1 for raw text
   */
  record Segment(String text, int id) {
    static Segment raw(String text) {
      return new Segment(text, -1);
    }

    boolean isSpecial() {
      return id >= 0;
    }
  }
}
