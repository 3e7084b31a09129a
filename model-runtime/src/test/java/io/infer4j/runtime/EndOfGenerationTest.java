package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.runtime.testing.ChatVocabularies;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokens that end a generation ({@link Tokenizer#endOfGenerationIds}), gathered as llama.cpp
 * gathers its end-of-generation set: EOS, the file's end-of-turn, end-of-message and
 * fill-in-the-middle ids, and tokens by text. Before, only BOS and EOS ended a raw prompt's
 * generation, so a Qwen base file (EOS {@code <|endoftext|>}) ran on past {@code <|im_end|>}, where
 * llama.cpp stops.
 */
class EndOfGenerationTest {
  @TempDir Path dir;

  @Test
  void endOfTurnTextsAndTheFilesIdsEndAGeneration() {
    // 256 EOS, 257 an end of turn by text, 258 Qwen's FIM pad by text, 259 a marker named by key
    List<String> pieces = ChatVocabularies.byteLevelPieces("<|endoftext|>", "<|im_end|>",
        "<|fim_pad|>", "<|my_turn_end|>", "<|im_start|>");
    Path file = ChatVocabularies.byteLevelKeys(2, pieces, 256)
        .kvString("tokenizer.ggml.pre", "qwen2")
        .kvU32("tokenizer.ggml.eot_token_id", 259)
        .write(dir, "eog.gguf");
    assertEquals(Set.of(256, 257, 258, 259), Tokenizers.fromGguf(file).endOfGenerationIds());
    Path outOfRange = ChatVocabularies.byteLevelKeys(1, pieces, 256)
        .kvU32("tokenizer.ggml.eom_token_id", 99_999)
        .write(dir, "far.gguf");
    assertEquals(Set.of(256, 257, 258), Tokenizers.fromGguf(outOfRange).endOfGenerationIds());
  }

  /**
   * Texts later llama.cpp builds end at and b4916 runs past, and the FIM texts b4916 looks for:
   * checked on b4916 itself, whose log names its end-of-generation tokens (a reviewer's run,
   * 2026-12-07): {256, 259, 262, 264} for this vocabulary.
   */
  @Test
  void onlyTheTextsOfLlamaCppB4916EndAGeneration() {
    List<String> pieces = ChatVocabularies.byteLevelPieces("<|endoftext|>", "<|end_of_text|>",
        "_<EOT>", "<EOT>", "<fim_pad>", "<reponame>", "<|im_end|>", "x", "<|fim_pad|>");
    Path file = ChatVocabularies.byteLevelKeys(0, pieces, 256).write(dir, "b4916.gguf");
    assertEquals(Set.of(256, 259, 262, 264), Tokenizers.fromGguf(file).endOfGenerationIds());
  }

  @Test
  void aRawCompletionStopsAtAnEndOfTurnThatIsNotEos() {
    try (LlamaModel model = LlamaModel.load(ChatVocabularies.qwen2Model(dir))) {
      Set<Integer> ends = model.tokenizer().endOfGenerationIds();
      // <|end_of_text|> is EOS for Llama 3 base files, not an end of generation by text in b4916
      assertEquals(Set.of(ChatVocabularies.EOT, ChatVocabularies.IM_END,
          ChatVocabularies.ENDOFTEXT), ends);
      int[] script = {'a', ChatVocabularies.IM_END, 'b'};
      int[] calls = {0};
      Generator g = Generator.completion(model, new int[] {'h'}, logits -> script[calls[0]++], 5);
      assertEquals('a', g.next());
      assertEquals(Generator.END, g.next());
      assertEquals(StopReason.STOP_TOKEN, g.stopReason());
    }
  }

  @Test
  void aVocabularyWithoutSuchTokensEndsAtEosAlone() {
    Tokenizer spm = Tokenizers.fromGguf(ChatVocabularies.sentencePiece(dir, "spm.gguf", null));
    assertEquals(Set.of(spm.eosId()), spm.endOfGenerationIds());
  }
}
