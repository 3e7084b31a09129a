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
import java.util.Set;

/**
 * GPT-2 style byte-level BPE (Llama 3, SmolLM and other {@code tokenizer.ggml.model = gpt2}
 * vocabularies): split the text into words with the pre-tokenizer, spell each word's UTF-8 bytes
 * with {@link ByteLevel} characters, then repeatedly merge the adjacent pair with the best merge
 * rank (the leftmost on ties) and look the resulting pieces up. No space is prepended; decoding
 * maps characters back to bytes, and control tokens (BOS, EOS, ...) decode to nothing.
 *
 * <p>Checked against llama.cpp's token ids for the real GPT-2 vocabulary ({@code
 * LlamaCppVocabVectorsTest}: {@code ggml-vocab-gpt-2.gguf} and its {@code .inp}/{@code .out}
 * vectors); the unit tests use small hand-made vocabularies. Immutable and thread-safe.
 */
public final class ByteLevelBpeTokenizer implements Tokenizer {
  private final BpeVocabulary vocab;
  private final Map<String, Integer> ids;
  private final Map<String, Integer> mergeRanks;
  private final SpecialTokens specials;
  private final PromptAffixes affixes;
  private final Set<Integer> endOfGeneration;

  /**
   * A tokenizer that recognises no special tokens in text; a prompt gets what its pre-tokenizer's
   * vocabularies get ({@link PromptAffixes#byteLevel}).
   */
  ByteLevelBpeTokenizer(BpeVocabulary vocab) {
    this(vocab, SpecialTokens.none(), PromptAffixes.byteLevel(vocab.preTokenizer()),
        Set.of(vocab.eos()));
  }

  /**
   * @throws IllegalArgumentException if the vocabulary lacks the piece of a single byte (every
   *     byte-level vocabulary has all 256)
   */
  ByteLevelBpeTokenizer(BpeVocabulary vocab, SpecialTokens specials, PromptAffixes affixes,
      Set<Integer> endOfGeneration) {
    this.vocab = Objects.requireNonNull(vocab, "vocab");
    this.specials = Objects.requireNonNull(specials, "specials");
    this.affixes = Objects.requireNonNull(affixes, "affixes");
    this.endOfGeneration = Set.copyOf(endOfGeneration);
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

  /**
   * Appends the ids of {@code text}: pre-tokenized into words, each merged on its own, or taken
   * whole where the pre-tokenizer says so and the vocabulary has it ({@link
   * PreTokenizer#takesWholeWords}).
   */
  private void encodeStretch(String text, List<Integer> out) {
    boolean wholeWords = vocab.preTokenizer().takesWholeWords();
    for (String word : vocab.preTokenizer().split(text)) {
      List<String> spelled = spell(word);
      Integer whole = wholeWords ? ids.get(String.join("", spelled)) : null;
      if (whole != null) {
        out.add(whole);
        continue;
      }
      for (String piece : PairMerges.apply(spelled, this::mergeOf)) {
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

  /** The merge of two adjacent symbols: their concatenation, at its rule's rank, if it has one. */
  private PairMerges.Merge<String> mergeOf(String left, String right) {
    Integer rank = mergeRanks.get(left + " " + right);
    return rank == null ? null : new PairMerges.Merge<>(rank, left + right);
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
}
