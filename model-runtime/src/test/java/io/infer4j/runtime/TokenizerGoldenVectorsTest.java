package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer4j.runtime.testing.SharedFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The 46 strings of golden/tokenize-vectors.json encode to the recorded ids with every vocabulary
 * file that carries them, and decode back to the same text.
 */
class TokenizerGoldenVectorsTest {
  private static JsonNode cases;

  @BeforeAll
  static void readVectors() throws IOException {
    cases =
        new ObjectMapper()
            .readTree(SharedFiles.golden("tokenize-vectors.json").toFile())
            .get("cases");
  }

  private static int[] ids(JsonNode array) {
    return IntStream.range(0, array.size()).map(i -> array.get(i).asInt()).toArray();
  }

  private static void assertAllCasesEncode(Tokenizer tokenizer, String group, String field) {
    List<Executable> checks = new ArrayList<>();
    for (JsonNode c : cases) {
      String text = c.get("text").asText();
      int[] expected = ids(c.get(group).get(field));
      checks.add(
          () ->
              assertArrayEquals(
                  expected,
                  tokenizer.encode(text, false, false),
                  "case " + c.get("index") + " " + field));
    }
    assertEquals(46, checks.size());
    assertAll(checks);
  }

  @Test
  void llama2VocabularyFromGgufMatchesLlamaCppOnAllVectors() {
    Tokenizer t = Tokenizers.fromGguf(SharedFiles.model("ggml-vocab-llama-spm.gguf"));
    assertEquals(32000, t.vocabularySize());
    assertAllCasesEncode(t, "llama2_32k", "llamacpp_ggml_vocab_llama_spm");
    assertAllCasesEncode(t, "llama2_32k", "hf_tokenizers_ref");
  }

  @Test
  void llama2VocabularyFromTokenizerBinMatchesRuncOnAllVectors() {
    Tokenizer t = Tokenizers.fromLlama2c(SharedFiles.model("tokenizer.bin"), 32000);
    assertAllCasesEncode(t, "llama2_32k", "runc_encode_tokenizer_bin");
  }

  @Test
  void tok512FromTheLlama2cFileMatchesRuncOnAllVectors() {
    Tokenizer t = Tokenizers.fromLlama2c(SharedFiles.model("tok512.bin"), 512);
    assertAllCasesEncode(t, "tok512", "runc_encode_tok512_bin");
  }

  @Test
  void tok512FromTheStoriesGgufMatchesLlamaCppOnAllVectors() {
    Tokenizer t = Tokenizers.fromGguf(SharedFiles.model("stories260K-f32.gguf"));
    assertAllCasesEncode(t, "tok512", "llamacpp_stories260K_f32_gguf");
  }

  @Test
  void decodingBosPlusTheIdsGivesBackEveryVectorText() {
    List<Tokenizer> tokenizers =
        List.of(
            Tokenizers.fromGguf(SharedFiles.model("ggml-vocab-llama-spm.gguf")),
            Tokenizers.fromLlama2c(SharedFiles.model("tok512.bin"), 512));
    List<Executable> checks = new ArrayList<>();
    for (Tokenizer t : tokenizers) {
      for (JsonNode c : cases) {
        String text = c.get("text").asText();
        checks.add(() -> assertEquals(text, t.decode(t.encode(text, true, false))));
      }
    }
    assertAll(checks);
  }
}
