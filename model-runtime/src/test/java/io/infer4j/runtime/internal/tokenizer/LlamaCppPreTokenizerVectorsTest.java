package io.infer4j.runtime.internal.tokenizer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.runtime.Tokenizer;
import io.infer4j.runtime.Tokenizers;
import io.infer4j.runtime.internal.gguf.GgufFile;
import io.infer4j.runtime.internal.gguf.GgufMetadata;
import io.infer4j.runtime.testing.ChatVocabularies;
import io.infer4j.runtime.testing.GgufBuilder;
import io.infer4j.runtime.testing.LlamaCppVectors;
import io.infer4j.runtime.testing.SharedFiles;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pre-tokenizers against llama.cpp's own ids: the real GPT-2 vocabulary (no Qwen vocabulary is in
 * the shared data) under another pre-tokenizer, the 46 inputs of llama.cpp's {@code
 * ggml-vocab-gpt-2.gguf.inp} and 9 of ours ({@code llamacpp/pre-extra.inp}: digits, cased
 * contractions, new-line and tab runs, CJK, emoji, Arabic-Indic digits, punctuation), each encoded
 * to the ids llama.cpp b4916 gives ({@code llamacpp/*-pre.out}, made by {@code
 * io.infer4j.benchmarks.runtime.LlamaCppTokens} on a GGUF file with that vocabulary and {@code
 * tokenizer.ggml.pre}; benchmarks/README.md). Qwen2's splits every digit, llama.cpp's default (a
 * file without the key) splits punctuation runs first and digits three at a time, Llama 3's
 * ({@code llama-bpe}) groups digits by three: 12, 13 and 10 of the 46 lines differ from the GPT-2
 * {@code .out}. GPT-2's merges build every word its vocabulary holds whole, so these vectors do
 * not tell Llama 3's whole words from merged ones ({@code ByteLevelBpeTokenizerTest} does).
 */
class LlamaCppPreTokenizerVectorsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"QWEN2, qwen2-pre.out", "DEFAULT, default-pre.out", "LLAMA3, llama3-pre.out"})
  void everyInputEncodesToLlamaCppsIds(PreTokenizer pre, String out)
      throws IOException, URISyntaxException {
    Path vocab = SharedFiles.model("ggml-vocab-gpt-2.gguf");
    Tokenizer t = gpt2Vocabulary(vocab, pre);
    List<String> inputs = new ArrayList<>(
        LlamaCppVectors.inputs(vocab.resolveSibling("ggml-vocab-gpt-2.gguf.inp")));
    inputs.addAll(LlamaCppVectors.inputs(resource("pre-extra.inp")));
    List<int[]> expected = LlamaCppVectors.outputs(resource(out));
    assertEquals(55, inputs.size());
    assertEquals(inputs.size(), expected.size());
    List<Executable> checks = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      String text = inputs.get(i);
      int[] ids = expected.get(i);
      checks.add(() -> assertArrayEquals(ids, t.encode(text, false, false),
          () -> pre + " input " + text.replace("\n", "\\n")));
      checks.add(() -> assertEquals(text, t.decode(ids),
          () -> "decoded " + Arrays.toString(ids)));
    }
    assertAll(checks);
  }

  /**
   * A file without {@code tokenizer.ggml.pre} gets llama.cpp's default: {@code 1234567} as {@code
   * 123}, {@code 456}, {@code 7}, where GPT-2's keeps it one word and merges {@code 3 4} first.
   */
  @Test
  void aFileWithoutThePreKeyGetsLlamaCppsDefault() {
    List<String> pieces = ChatVocabularies.byteLevelPieces("34", "12", "123");
    Path file = GgufBuilder.header(0, 6)
        .kvString("tokenizer.ggml.model", "gpt2")
        .kvStrings("tokenizer.ggml.tokens", pieces.toArray(String[]::new))
        .kvStrings("tokenizer.ggml.merges", "3 4", "1 2", "12 3")
        .kvU32("tokenizer.ggml.bos_token_id", 0)
        .kvU32("tokenizer.ggml.eos_token_id", 0)
        .kvInts("tokenizer.ggml.token_type", new int[pieces.size()])
        .write(dir, "no-pre.gguf");
    assertArrayEquals(new int[] {258, '4', '5', '6', '7'},
        Tokenizers.fromGguf(file).encode("1234567", false, false));
    assertEquals(PreTokenizer.DEFAULT, PreTokenizer.byGgufName("default").orElseThrow());
    assertEquals(List.of("1234567"), PreTokenizer.GPT2.split("1234567"));
  }

  /** The GPT-2 vocabulary of {@code file} with the pre-tokenizer {@code pre}. */
  private static Tokenizer gpt2Vocabulary(Path file, PreTokenizer pre) {
    try (GgufFile gguf = GgufFile.open(file)) {
      GgufMetadata m = gguf.metadata();
      String[] tokens = m.requireStringArray("tokenizer.ggml.tokens");
      int[] types = m.requireIntArray("tokenizer.ggml.token_type");
      boolean[] control = new boolean[tokens.length];
      for (int i = 0; i < tokens.length; i++) {
        control[i] = types[i] == 3;
      }
      int eos = m.requireInt("tokenizer.ggml.eos_token_id");
      return new ByteLevelBpeTokenizer(new BpeVocabulary(List.of(tokens),
          List.of(m.requireStringArray("tokenizer.ggml.merges")), control, eos, eos, pre));
    }
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(LlamaCppPreTokenizerVectorsTest.class.getResource("/llamacpp/" + name).toURI());
  }
}
