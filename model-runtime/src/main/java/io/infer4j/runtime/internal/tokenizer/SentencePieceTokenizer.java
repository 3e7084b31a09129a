package io.infer4j.runtime.internal.tokenizer;

import io.infer4j.runtime.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * SentencePiece-style BPE with scores and byte fallback, as llama2.c's {@code run.c} encodes (and
 * llama.cpp's SPM tokenizer for {@code tokenizer.ggml.model = llama}, which agrees on the test
 * vectors): prepend one space ("add dummy prefix", unless the vocabulary says not to), split the
 * text into code points, map each to its token or else to its UTF-8 bytes' {@code <0xNN>} tokens,
 * then repeatedly merge the adjacent pair whose concatenation is the vocabulary entry with the
 * highest score (the leftmost on ties).
 *
 * <p>Immutable and thread-safe.
 */
public final class SentencePieceTokenizer implements Tokenizer {
  /** run.c starts its search for the best merge at this score; pairs at or below never merge. */
  private static final float MERGE_FLOOR = -1e10f;

  private final Vocabulary vocab;
  private final Map<String, Integer> ids;
  private final int[] byteTokens = new int[256];

  /** For each id, the byte it stands for when it is a {@code <0xNN>} token, else -1. */
  private final int[] byteValue;

  private final byte[][] decoded;
  private final SpecialTokens specials;

  /** A tokenizer over {@code vocab} without special tokens (llama2.c tokenizer files). */
  public SentencePieceTokenizer(Vocabulary vocab) {
    this(vocab, SpecialTokens.none());
  }

  /** A tokenizer over {@code vocab} that recognises {@code specials} in text. */
  public SentencePieceTokenizer(Vocabulary vocab, SpecialTokens specials) {
    this.vocab = Objects.requireNonNull(vocab, "vocab");
    this.specials = Objects.requireNonNull(specials, "specials");
    int n = vocab.size();
    this.ids = HashMap.newHashMap(n);
    this.byteValue = new int[n];
    this.decoded = new byte[n][];
    Arrays.fill(byteTokens, -1);
    for (int id = 0; id < n; id++) {
      String piece = vocab.pieces().get(id);
      ids.putIfAbsent(piece, id); // first occurrence wins on duplicates
      byteValue[id] = parseByteToken(piece);
      if (byteValue[id] >= 0 && byteTokens[byteValue[id]] < 0) {
        byteTokens[byteValue[id]] = id;
      }
      decoded[id] =
          byteValue[id] >= 0
              ? new byte[] {(byte) byteValue[id]}
              : (vocab.metaspace() ? piece.replace(Vocabulary.METASPACE, ' ') : piece)
                  .getBytes(StandardCharsets.UTF_8);
    }
  }

  /** {@code <0xNN>} with two hex digits gives NN, anything else -1. */
  static int parseByteToken(String piece) {
    if (piece.length() == 6 && piece.startsWith("<0x") && piece.charAt(5) == '>') {
      int hi = Character.digit(piece.charAt(3), 16);
      int lo = Character.digit(piece.charAt(4), 16);
      if (hi >= 0 && lo >= 0) {
        return hi * 16 + lo;
      }
    }
    return -1;
  }

  /** The vocabulary. */
  public Vocabulary vocabulary() {
    return vocab;
  }

  @Override
  public int vocabularySize() {
    return vocab.size();
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
    List<Integer> tokens = new ArrayList<>(text.length() + 2);
    encodeStretch(text, vocab.addSpacePrefix(), tokens);
    return withBosEos(tokens, addBos, addEos);
  }

  @Override
  public int[] encodeWithSpecialTokens(String text, boolean addBos, boolean addEos) {
    Objects.requireNonNull(text, "text");
    List<Integer> tokens = new ArrayList<>(text.length() + 2);
    boolean afterSpecial = true; // llama.cpp: the first stretch is prefixed as after a special
    for (SpecialTokens.Segment seg : specials.split(text)) {
      if (seg.isSpecial()) {
        tokens.add(seg.id());
        afterSpecial = true;
      } else {
        encodeStretch(seg.text(), vocab.addSpacePrefix() && afterSpecial, tokens);
        afterSpecial = false;
      }
    }
    return withBosEos(tokens, addBos, addEos);
  }

  /** Appends the ids of {@code text}, with one space in front when {@code prefix}. */
  private void encodeStretch(String text, boolean prefix, List<Integer> tokens) {
    if (text.isEmpty()) {
      return;
    }
    String spaced = prefix ? " " + text : text;
    if (vocab.metaspace()) {
      spaced = spaced.replace(' ', Vocabulary.METASPACE);
    }
    List<Integer> stretch = new ArrayList<>(spaced.length());
    splitIntoSymbols(spaced, stretch);
    mergePairs(stretch);
    tokens.addAll(stretch);
  }

  private int[] withBosEos(List<Integer> tokens, boolean addBos, boolean addEos) {
    int extra = (addBos ? 1 : 0) + (addEos ? 1 : 0);
    int[] out = new int[tokens.size() + extra];
    int k = 0;
    if (addBos) {
      out[k++] = vocab.bos();
    }
    for (int t : tokens) {
      out[k++] = t;
    }
    if (addEos) {
      out[k] = vocab.eos();
    }
    return out;
  }

  /** One token per code point, or its UTF-8 bytes' byte tokens when the code point has none. */
  private void splitIntoSymbols(String text, List<Integer> out) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      String symbol = text.substring(i, i + Character.charCount(cp));
      i += symbol.length();
      Integer id = ids.get(symbol);
      if (id != null) {
        out.add(id);
        continue;
      }
      for (byte b : symbol.getBytes(StandardCharsets.UTF_8)) {
        int byteId = byteTokens[b & 0xFF];
        out.add(byteId >= 0 ? byteId : vocab.unk());
      }
    }
  }

  /**
   * Merges the best-scoring adjacent pair until no pair forms a vocabulary entry. run.c rescans
   * every pair after each merge (quadratic); this keeps candidate pairs in a priority queue ordered
   * by score, then by position, which picks the same pair each time (the highest score, the
   * leftmost on ties) in O(n log n).
   */
  private void mergePairs(List<Integer> tokens) {
    int n = tokens.size();
    int[] tok = new int[n];
    int[] prev = new int[n];
    int[] next = new int[n];
    for (int i = 0; i < n; i++) {
      tok[i] = tokens.get(i);
      prev[i] = i - 1;
      next[i] = i + 1 < n ? i + 1 : -1;
    }
    PriorityQueue<MergeCandidate> queue = new PriorityQueue<>();
    for (int i = 0; i + 1 < n; i++) {
      offer(queue, tok, i, i + 1);
    }
    while (!queue.isEmpty()) {
      MergeCandidate m = queue.poll();
      boolean stale =
          tok[m.left()] != m.leftToken()
              || next[m.left()] != m.right()
              || tok[m.right()] != m.rightToken();
      if (stale) {
        continue;
      }
      tok[m.left()] = m.merged();
      tok[m.right()] = -1;
      next[m.left()] = next[m.right()];
      if (next[m.right()] >= 0) {
        prev[next[m.right()]] = m.left();
      }
      if (prev[m.left()] >= 0) {
        offer(queue, tok, prev[m.left()], m.left());
      }
      if (next[m.left()] >= 0) {
        offer(queue, tok, m.left(), next[m.left()]);
      }
    }
    tokens.clear();
    for (int i = 0; i >= 0 && n > 0; i = next[i]) {
      tokens.add(tok[i]);
    }
  }

  private void offer(PriorityQueue<MergeCandidate> queue, int[] tok, int left, int right) {
    Integer id = ids.get(piece(tok[left]) + piece(tok[right]));
    if (id != null && vocab.score(id) > MERGE_FLOOR) {
      queue.add(new MergeCandidate(vocab.score(id), left, right, tok[left], tok[right], id));
    }
  }

  /** A pair that could merge; valid while both symbols still hold the recorded tokens. */
  private record MergeCandidate(
      float score, int left, int right, int leftToken, int rightToken, int merged)
      implements Comparable<MergeCandidate> {
    @Override
    public int compareTo(MergeCandidate o) {
      // numeric comparison as run.c's '>' (so -0.0 ties with 0.0), then leftmost first
      if (score != o.score) {
        return score > o.score ? -1 : 1;
      }
      return Integer.compare(left, o.left);
    }
  }

  @Override
  public byte[] decodePiece(int previous, int token) {
    Objects.checkIndex(token, vocab.size());
    if (token == vocab.bos() || token == vocab.eos()) {
      return new byte[0];
    }
    byte[] bytes = decoded[token];
    boolean afterBos = previous == vocab.bos() && vocab.addSpacePrefix();
    if (afterBos && byteValue[token] < 0 && bytes.length > 0 && bytes[0] == ' ') {
      return Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return bytes.clone();
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
