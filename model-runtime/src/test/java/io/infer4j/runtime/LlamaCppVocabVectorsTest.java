package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.runtime.testing.LlamaCppVectors;
import io.infer4j.runtime.testing.SharedFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * llama.cpp's own tokenizer test vectors, as its {@code tests/test-tokenizer-0} reads them: the
 * {@code .inp} file beside a vocabulary GGUF holds the inputs, each followed by {@code
 * \n__ggml_vocab_test__\n}; the {@code .out} file one line of ids per input (made with Hugging
 * Face tokenizers; no BOS, no special-token parsing). Every input must encode to its line, and
 * its line decode back to it (after BOS, where a prompt starts). The vectors are the same 46 strings for both vocabularies.
 */
class LlamaCppVocabVectorsTest {
  @ParameterizedTest
  @CsvSource({"ggml-vocab-gpt-2.gguf, 50257", "ggml-vocab-llama-spm.gguf, 32000"})
  void everyInputEncodesToLlamaCppsIdsAndDecodesBack(String file, int vocabulary)
      throws IOException {
    Path gguf = SharedFiles.model(file);
    List<String> inputs = LlamaCppVectors.inputs(gguf.resolveSibling(file + ".inp"));
    List<int[]> expected = LlamaCppVectors.outputs(gguf.resolveSibling(file + ".out"));
    assertEquals(46, inputs.size());
    assertEquals(inputs.size(), expected.size());
    Tokenizer t = Tokenizers.fromGguf(gguf);
    assertEquals(vocabulary, t.vocabularySize());

    List<Executable> checks = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      String text = inputs.get(i);
      int[] ids = expected.get(i);
      String label = "input " + i + " " + quoted(text);
      checks.add(() -> assertArrayEquals(ids, t.encode(text, false, false), label));
      // After BOS, as a prompt starts (SentencePiece drops its dummy-prefix space only there).
      int[] withBos = new int[ids.length + 1];
      withBos[0] = t.bosId();
      System.arraycopy(ids, 0, withBos, 1, ids.length);
      checks.add(() -> assertEquals(text, t.decode(withBos), label + " decoded after BOS"));
    }
    assertAll(checks);
  }

  private static String quoted(String s) {
    return '"' + s.replace("\n", "\\n").replace("\t", "\\t") + '"';
  }
}
