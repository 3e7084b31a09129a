package io.infer4j.runtime.internal.tokenizer;

import io.infer4j.runtime.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
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
  private final PromptAffixes affixes;
  private final Set<Integer> endOfGeneration;

  /** A tokenizer over {@code vocab} without special tokens (llama2.c tokenizer files). */
  public SentencePieceTokenizer(Vocabulary vocab) {
    this(vocab, SpecialTokens.none());
  }

  /**
   * A tokenizer over {@code vocab} that recognises {@code specials} in text; a prompt gets BOS
   * ({@link #addsBos}).
   */
  public SentencePieceTokenizer(Vocabulary vocab, SpecialTokens specials) {
    this(vocab, specials, PromptAffixes.SENTENCE_PIECE, Set.of(vocab.eos()));
  }

  /**
   * As above, a prompt getting BOS and EOS as {@code affixes} say, a generation ending at any of
   * {@code endOfGeneration}.
   */
  SentencePieceTokenizer(Vocabulary vocab, SpecialTokens specials, PromptAffixes affixes,
      Set<Integer> endOfGeneration) {
    this.vocab = Objects.requireNonNull(vocab, "vocab");
    this.specials = Objects.requireNonNull(specials, "specials");
    this.affixes = Objects.requireNonNull(affixes, "affixes");
    this.endOfGeneration = Set.copyOf(endOfGeneration);
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
  public Set<Integer> endOfGenerationIds() {
    return endOfGeneration;
  }

  @Override
  public boolean addsBos() {
    return affixes.bos();
  }

  @Override
  public boolean addsEos() {
    return affixes.eos();
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
    List<Integer> symbols = new ArrayList<>(spaced.length());
    splitIntoSymbols(spaced, symbols);
    tokens.addAll(PairMerges.apply(symbols, this::mergeOf));
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
   * The merge of two adjacent tokens: the vocabulary entry spelled by their pieces, with its score
   * as the priority (higher merges first), or null when there is none or it scores at or below
   * {@link #MERGE_FLOOR}.
   */
  private PairMerges.Merge<Integer> mergeOf(Integer left, Integer right) {
    Integer id = ids.get(piece(left) + piece(right));
    if (id == null || !(vocab.score(id) > MERGE_FLOOR)) {
      return null;
    }
    return new PairMerges.Merge<>(-vocab.score(id), id);
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
}
