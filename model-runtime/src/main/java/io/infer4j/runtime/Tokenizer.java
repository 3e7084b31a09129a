package io.infer4j.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Turns text into token ids and back for one vocabulary.
 *
 * <p>Implementations are immutable and thread-safe. Ids passed in must lie in {@code [0,
 * vocabularySize())}; others fail with {@link IndexOutOfBoundsException}.
 */
public interface Tokenizer {

  /** {@return number of tokens} */
  int vocabularySize();

  /** {@return the beginning-of-sequence id} */
  int bosId();

  /** {@return the end-of-sequence id} */
  int eosId();

  /**
   * {@return the piece of token {@code id} exactly as the vocabulary stores it}
   *
   * @param id a token id in {@code [0, vocabSize)}
   */
  String piece(int id);

  /**
   * Encodes {@code text}.
   *
   * @param text any string; empty gives no tokens besides BOS/EOS
   * @param addBos whether to start with {@link #bosId()} ({@link #addsBos()} says whether the
   *     vocabulary's prompts do)
   * @param addEos whether to end with {@link #eosId()}
   * @return the token ids
   */
  int[] encode(String text, boolean addBos, boolean addEos);

  /**
   * {@return the ids of {@code text} as a prompt: {@link #encode} with BOS and EOS where the
   * vocabulary puts them ({@link #addsBos()}, {@link #addsEos()}), as llama.cpp tokenizes a
   * completion's prompt or an embedding's input} How the in-process backends encode a raw prompt.
   *
   * @param text any string; empty gives BOS alone, or nothing where the vocabulary adds no BOS
   */
  default int[] encodePrompt(String text) {
    return encode(text, addsBos(), addsEos());
  }

  /**
   * {@return whether a prompt starts with {@link #bosId()}} For GGUF files, the file's {@code
   * tokenizer.ggml.add_bos_token} where it has one, else llama.cpp's custom: yes for SentencePiece
   * vocabularies, no for byte-level BPE (Qwen, GPT-2) except Llama 3's ({@code tokenizer.ggml.pre
   * = llama-bpe}); yes for llama2.c tokenizer files ({@code run.c}). This default: yes.
   */
  default boolean addsBos() {
    return true;
  }

  /**
   * {@return the ids that end a generation: {@link #eosId()} and, for GGUF vocabularies, the
   * tokens llama.cpp b4916 ends one at ({@code llama_vocab_is_eog}): the file's {@code
   * tokenizer.ggml.eot_token_id}, {@code eom_token_id} and fill-in-the-middle pad, repository and
   * file-separator ids (by key, else by text), and tokens whose text is an end of turn or of text
   * ({@code <|eot_id|>}, {@code <|eom_id|>}, {@code <|im_end|>}, {@code <|end|>}, {@code
   * <end_of_turn>}, {@code <|endoftext|>}, {@code <EOT>})} So a raw prompt on an instruct model
   * stops where llama.cpp's does. The generators also stop at BOS, as llama2.c's run.c does
   * (llama.cpp runs on past a BOS that is not EOS). This default: EOS alone.
   */
  default Set<Integer> endOfGenerationIds() {
    return Set.of(eosId());
  }

  /**
   * {@return whether a prompt ends with {@link #eosId()}} The file's {@code
   * tokenizer.ggml.add_eos_token} where it has one, else no. This default: no.
   */
  default boolean addsEos() {
    return false;
  }

  /**
   * Encodes {@code text} in which special tokens may appear as text (a rendered chat template):
   * each occurrence of a special token's piece (see {@link #specialTokenIds()}; the longest one
   * wins where they overlap) becomes that token's single id, and the text between them is encoded
   * as {@link #encode} does, stretch by stretch. This is llama.cpp's tokenization with {@code
   * parse_special}: for SentencePiece vocabularies, a stretch at the start or right after a special
   * token gets the space prefix. Use {@link #encode} for user text, so that a user cannot inject
   * control tokens.
   *
   * @param text the text, special tokens' pieces included
   * @param addBos whether to start with {@link #bosId()} (a rendered template that already starts
   *     with the BOS text needs false)
   * @param addEos whether to end with {@link #eosId()}
   * @return the token ids
   */
  int[] encodeWithSpecialTokens(String text, boolean addBos, boolean addEos);

  /**
   * {@return the tokens {@link #encodeWithSpecialTokens} recognises in text: for GGUF vocabularies the
   * control, user-defined and unknown tokens of {@code tokenizer.ggml.token_type} (BOS and EOS when
   * the file has no types); for llama2.c tokenizer files, none (they carry no token types)}
   */
  Set<Integer> specialTokenIds();

  /**
   * {@return the id of the token whose piece is exactly {@code piece} (the lowest on duplicates),
   * or empty if none}
   *
   * @param piece the piece as the vocabulary stores it
   */
  OptionalInt idOf(String piece);

  /**
   * {@return the bytes token {@code token} contributes to text when it follows {@code previous}} BOS and EOS
   * give nothing (for byte-level BPE, no control token gives anything). For SentencePiece
   * vocabularies this is llama2.c's {@code decode}: a {@code <0xNN>} token gives its one raw byte
   * and a leading space is dropped right after BOS; for byte-level BPE, the piece's characters map
   * back to bytes. The bytes of one character may be split over several tokens (see {@link
   * TextDecoder}).
   *
   * @param previous the token before, or -1 for none
   * @param token the token to decode
   */
  byte[] decodePiece(int previous, int token);

  /**
   * Decodes a whole id sequence to text (pieces joined, then read as UTF-8; malformed bytes become
   * U+FFFD). The first id is treated as following nothing.
   *
   * @param ids the token ids; empty gives the empty string
   * @return the text
   */
  default String decode(int[] ids) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int previous = -1;
    for (int id : ids) {
      out.writeBytes(decodePiece(previous, id));
      previous = id;
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
