package io.infer4j.runtime.testing;

import io.infer4j.runtime.tools.LlamaShape;
import io.infer4j.runtime.tools.SyntheticArchitecture;
import io.infer4j.runtime.tools.SyntheticGguf;
import io.infer4j.runtime.tools.SyntheticType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Vocabulary-only GGUF files shaped like the chat models' tokenizers, small enough to read: a
 * byte-level BPE one with Llama 3 and ChatML markers, and a SentencePiece one like Llama 2's.
 * Token types follow llama.cpp: 1 normal, 2 unknown, 3 control, 6 byte.
 */
public final class ChatVocabularies {
  /** Byte-level ids after the 256 byte characters. */
  public static final int BEGIN_OF_TEXT = 256;

  public static final int END_OF_TEXT = 257;
  public static final int START_HEADER = 258;
  public static final int END_HEADER = 259;
  public static final int EOT = 260;
  public static final int IM_START = 261;
  public static final int IM_END = 262;
  public static final int ENDOFTEXT = 263;

  /** A marker that is an ordinary (not control) token, to show it is not special. */
  public static final int PLAIN_MARKER = 264;

  public static final int HI = 265;

  private static final List<String> BPE_EXTRA =
      List.of(
          "<|begin_of_text|>",
          "<|end_of_text|>",
          "<|start_header_id|>",
          "<|end_header_id|>",
          "<|eot_id|>",
          "<|im_start|>",
          "<|im_end|>",
          "<|endoftext|>",
          "<|plain|>",
          "hi");

  private ChatVocabularies() {}

  /** GPT-2's byte-to-character map: printable Latin-1 stays, the rest shifts to U+0100.... */
  public static String byteLevelPiece(int b) {
    boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
    if (printable) {
      return String.valueOf((char) b);
    }
    int n = 0;
    for (int c = 0; c < b; c++) {
      boolean p = (c >= '!' && c <= '~') || (c >= 0xA1 && c <= 0xAC) || c >= 0xAE;
      if (!p) {
        n++;
      }
    }
    return String.valueOf((char) (256 + n));
  }

  /**
   * The 256 byte pieces of a byte-level vocabulary (id = byte), then {@code extra}, as a new
   * mutable list.
   */
  public static List<String> byteLevelPieces(String... extra) {
    List<String> pieces = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      pieces.add(byteLevelPiece(b));
    }
    pieces.addAll(List.of(extra));
    return pieces;
  }

  /**
   * A byte-level GGUF vocabulary's builder with its five keys written ({@code gpt2}, {@code
   * pieces}, the merge {@code h i}, {@code eos} as BOS and EOS) and room for {@code extraKeys} more,
   * which the caller adds before writing.
   */
  public static GgufBuilder byteLevelKeys(int extraKeys, List<String> pieces, int eos) {
    return GgufBuilder.header(0, 5 + extraKeys)
        .kvString("tokenizer.ggml.model", "gpt2")
        .kvStrings("tokenizer.ggml.tokens", pieces.toArray(String[]::new))
        .kvStrings("tokenizer.ggml.merges", "h i")
        .kvU32("tokenizer.ggml.bos_token_id", eos)
        .kvU32("tokenizer.ggml.eos_token_id", eos);
  }

  /**
   * A one-layer Qwen2-shaped model (width 64, F16) over {@link #byteLevel} with {@link #ENDOFTEXT}
   * as BOS and EOS and no {@code tokenizer.ggml.add_bos_token}, as Qwen's files have.
   */
  public static Path qwen2Model(Path dir) {
    Path vocab = byteLevel(dir, "qwen2-vocab.gguf", ENDOFTEXT, ENDOFTEXT, null);
    Path gguf = dir.resolve("qwen2.gguf");
    SyntheticGguf.write(gguf, vocab, new LlamaShape(64, 1, 4, 2, 96, 64), SyntheticType.F16, 3,
        false, SyntheticArchitecture.QWEN2, false);
    return gguf;
  }

  /**
   * The byte-level vocabulary with {@code bos}/{@code eos} ids and the given chat template (none if
   * null); markers are control tokens, except {@link #PLAIN_MARKER}.
   */
  public static Path byteLevel(Path dir, String name, int bos, int eos, String template) {
    List<String> pieces = byteLevelPieces(BPE_EXTRA.toArray(String[]::new));
    int[] types = new int[pieces.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = i >= BEGIN_OF_TEXT && i < PLAIN_MARKER ? 3 : 1;
    }
    GgufBuilder g =
        GgufBuilder.header(0, template == null ? 7 : 8)
            .kvString("tokenizer.ggml.model", "gpt2")
            .kvString("tokenizer.ggml.pre", "llama-bpe")
            .kvStrings("tokenizer.ggml.tokens", pieces.toArray(String[]::new))
            .kvInts("tokenizer.ggml.token_type", types)
            .kvStrings("tokenizer.ggml.merges", "h i")
            .kvU32("tokenizer.ggml.bos_token_id", bos)
            .kvU32("tokenizer.ggml.eos_token_id", eos);
    if (template != null) {
      g.kvString("tokenizer.chat_template", template);
    }
    return g.write(dir, name);
  }

  /** SentencePiece pieces after the bytes: the metaspace, printable ASCII, then merges. */
  public static final List<String> SPM_MERGES =
      List.of("\u2581[", "IN", "INS", "INST", "\u2581h", "\u2581hi");

  /** Ids: 0 unk, 1 BOS, 2 EOS, 3..258 bytes, 259 metaspace, then '!'..'~', then merges. */
  public static List<String> spmPieces() {
    List<String> pieces = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
    for (int b = 0; b < 256; b++) {
      pieces.add(String.format("<0x%02X>", b));
    }
    pieces.add("\u2581");
    for (char c = '!'; c <= '~'; c++) {
      pieces.add(String.valueOf(c));
    }
    pieces.addAll(SPM_MERGES);
    return pieces;
  }

  /** The SentencePiece vocabulary, with the given chat template (none if null). */
  public static Path sentencePiece(Path dir, String name, String template) {
    return sentencePiece(dir, name, template, java.util.Map.of());
  }

  /** As above, with the bool keys in {@code flags} ({@code tokenizer.ggml.add_bos_token}, ...). */
  public static Path sentencePiece(
      Path dir, String name, String template, java.util.Map<String, Boolean> flags) {
    List<String> pieces = spmPieces();
    int[] types = new int[pieces.size()];
    float[] scores = new float[pieces.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = i == 0 ? 2 : i < 3 ? 3 : i < 259 ? 6 : 1;
    }
    int firstMerge = pieces.size() - SPM_MERGES.size();
    for (int i = firstMerge; i < pieces.size(); i++) {
      scores[i] = -(i - firstMerge + 1);
    }
    GgufBuilder g =
        GgufBuilder.header(0, (template == null ? 6 : 7) + flags.size())
            .kvString("tokenizer.ggml.model", "llama")
            .kvStrings("tokenizer.ggml.tokens", pieces.toArray(String[]::new))
            .kvFloats("tokenizer.ggml.scores", scores)
            .kvInts("tokenizer.ggml.token_type", types)
            .kvU32("tokenizer.ggml.bos_token_id", 1)
            .kvU32("tokenizer.ggml.eos_token_id", 2);
    if (template != null) {
      g.kvString("tokenizer.chat_template", template);
    }
    flags.forEach(g::kvBool);
    return g.write(dir, name);
  }

  /** The id of {@code piece} in {@link #spmPieces()}. */
  public static int spm(String piece) {
    int id = spmPieces().indexOf(piece);
    if (id < 0) {
      throw new IllegalArgumentException(piece);
    }
    return id;
  }
}
