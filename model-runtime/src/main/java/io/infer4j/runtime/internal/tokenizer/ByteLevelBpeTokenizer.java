package io.infer4j.runtime.internal.tokenizer;

import io.infer4j.runtime.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * GPT-2 style byte-level BPE (Llama 3, SmolLM and other {@code tokenizer.ggml.model = gpt2}
 * vocabularies): split the text into words with the pre-tokenizer, spell each word's UTF-8 bytes
 * with {@link ByteLevel} characters, then repeatedly merge the adjacent pair with the best merge
 * rank (the leftmost on ties) and look the resulting pieces up. No space is prepended; decoding
 * maps characters back to bytes, and control tokens (BOS, EOS, ...) decode to nothing.
 *
 * <p>Not yet checked against reference token ids (no GPT-2-style vocabulary is in the shared test
 * data); the tests use small hand-made vocabularies. Immutable and thread-safe.
 */
public final class ByteLevelBpeTokenizer implements Tokenizer {
  private final BpeVocabulary vocab;
  private final Map<String, Integer> ids;
  private final Map<String, Integer> mergeRanks;
  private final SpecialTokens specials;

  /** A tokenizer that recognises no special tokens in text. */
  ByteLevelBpeTokenizer(BpeVocabulary vocab) {
    this(vocab, SpecialTokens.none());
  }

  /**
   * @throws IllegalArgumentException if the vocabulary lacks the piece of a single byte (every
   *     byte-level vocabulary has all 256)
   */
  ByteLevelBpeTokenizer(BpeVocabulary vocab, SpecialTokens specials) {
    this.vocab = Objects.requireNonNull(vocab, "vocab");
    this.specials = Objects.requireNonNull(specials, "specials");
    this.ids = HashMap.newHashMap(vocab.pieces().size());
    for (int i = 0; i < vocab.pieces().size(); i++) {
      ids.putIfAbsent(vocab.pieces().get(i), i);
    }
    for (int b = 0; b < 256; b++) {
      if (!ids.containsKey(String.valueOf(ByteLevel.encode((byte) b)))) {
        throw new IllegalArgumentException(
            String.format("the vocabulary has no token for byte 0x%02X", b));
      }
    }
    this.mergeRanks = HashMap.newHashMap(vocab.merges().size());
    for (int r = 0; r < vocab.merges().size(); r++) {
      mergeRanks.putIfAbsent(vocab.merges().get(r), r);
    }
  }

  @Override
  public int vocabularySize() {
    return vocab.pieces().size();
  }

  @Override
  public int bosId() {
    return vocab.bos();
  }

  @Override
  public int eosId() {
    return vocab.eos();
  }

  @Override
  public String piece(int id) {
    return vocab.pieces().get(id);
  }

  @Override
  public Set<Integer> specialTokenIds() {
    return specials.ids();
  }

  @Override
  public OptionalInt idOf(String piece) {
    Integer id = ids.get(piece);
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  @Override
  public int[] encode(String text, boolean addBos, boolean addEos) {
    Objects.requireNonNull(text, "text");
    List<Integer> out = new ArrayList<>();
    if (addBos) {
      out.add(vocab.bos());
    }
    encodeStretch(text, out);
    if (addEos) {
      out.add(vocab.eos());
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public int[] encodeWithSpecialTokens(String text, boolean addBos, boolean addEos) {
    Objects.requireNonNull(text, "text");
    List<Integer> out = new ArrayList<>();
    if (addBos) {
      out.add(vocab.bos());
    }
    for (SpecialTokens.Segment seg : specials.split(text)) {
      if (seg.isSpecial()) {
        out.add(seg.id());
      } else {
        encodeStretch(seg.text(), out);
      }
    }
    if (addEos) {
      out.add(vocab.eos());
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Appends the ids of {@code text}: pre-tokenized into words, each merged on its own. */
  private void encodeStretch(String text, List<Integer> out) {
    for (String word : vocab.preTokenizer().split(text)) {
      for (String piece : merge(spell(word))) {
        Integer id = ids.get(piece);
        if (id != null) {
          out.add(id);
        } else {
          // a merge rule whose result is not a token: fall back to its characters (bytes)
          piece.chars().forEach(c -> out.add(ids.get(String.valueOf((char) c))));
        }
      }
    }
  }

  /** One byte-level character per UTF-8 byte of {@code word}. */
  private static List<String> spell(String word) {
    byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
    List<String> symbols = new ArrayList<>(bytes.length);
    for (byte b : bytes) {
      symbols.add(String.valueOf(ByteLevel.encode(b)));
    }
    return symbols;
  }

  /** Applies merge rules, best rank first and leftmost on ties, until none applies. */
  private List<String> merge(List<String> symbols) {
    int n = symbols.size();
    String[] sym = symbols.toArray(String[]::new);
    int[] next = new int[n];
    int[] prev = new int[n];
    for (int i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    // entries {rank, left, right}: best (lowest) rank first, then leftmost
    PriorityQueue<long[]> queue =
        new PriorityQueue<>(
            (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    for (int i = 0; i + 1 < n; i++) {
      offer(queue, sym, i, i + 1);
    }
    while (!queue.isEmpty()) {
      long[] m = queue.poll();
      int left = (int) m[1];
      int right = (int) m[2];
      if (sym[left] == null || sym[right] == null || next[left] != right) {
        continue; // stale: one side was merged away
      }
      Integer rank = mergeRanks.get(sym[left] + " " + sym[right]);
      if (rank == null || rank != m[0]) {
        continue; // stale: a side grew since this entry was queued
      }
      sym[left] = sym[left] + sym[right];
      sym[right] = null;
      next[left] = next[right];
      if (next[right] >= 0) {
        prev[next[right]] = left;
      }
      if (prev[left] >= 0) {
        offer(queue, sym, prev[left], left);
      }
      if (next[left] >= 0) {
        offer(queue, sym, left, next[left]);
      }
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i >= 0 && n > 0; i = next[i]) {
      out.add(sym[i]);
    }
    return out;
  }

  private void offer(PriorityQueue<long[]> queue, String[] sym, int left, int right) {
    Integer rank = mergeRanks.get(sym[left] + " " + sym[right]);
    if (rank != null) {
      queue.add(new long[] {rank, left, right});
    }
  }

  @Override
  public byte[] decodePiece(int previous, int token) {
    Objects.checkIndex(token, vocab.pieces().size());
    if (vocab.control()[token] || token == vocab.bos() || token == vocab.eos()) {
      return new byte[0];
    }
    String piece = vocab.pieces().get(token);
    ByteArrayOutputStream out = new ByteArrayOutputStream(piece.length());
    piece
        .codePoints()
        .forEach(
            cp -> {
              int b =
                  cp < Character.MIN_SUPPLEMENTARY_CODE_POINT ? ByteLevel.decode((char) cp) : -1;
              if (b >= 0) {
                out.write(b);
              } else {
                // not a byte-level character (e.g. in a user-defined token): its own UTF-8
                out.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
              }
            });
    return out.toByteArray();
  }

  @Override
  public String decode(int[] ids) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int previous = -1;
    for (int id : ids) {
      out.writeBytes(decodePiece(previous, id));
      previous = id;
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
