package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.runtime.testing.SharedFiles;
import io.infer4j.runtime.tools.LlamaShape;
import io.infer4j.runtime.tools.SyntheticArchitecture;
import io.infer4j.runtime.tools.SyntheticGguf;
import io.infer4j.runtime.tools.SyntheticType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Qwen2 pre-tokenizer ({@code tokenizer.ggml.pre = qwen2}) against llama.cpp's own: the real
 * GPT-2 vocabulary in a Qwen2-shaped file, the 46 inputs of llama.cpp's {@code
 * ggml-vocab-gpt-2.gguf.inp} and 9 of ours ({@code llamacpp/qwen2-pre-extra.inp}: digits, cased
 * contractions, new-line and tab runs, CJK, emoji, Arabic-Indic digits), each encoded to the ids
 * llama.cpp b4916 gives ({@code llamacpp/qwen2-pre.out}, made by {@code
 * io.infer4j.benchmarks.runtime.LlamaCppTokens} on such a file; benchmarks/README.md). Where GPT-2's
 * pattern keeps {@code 3333} one token, Qwen2's splits every digit: 12 of the 46 lines differ from
 * the GPT-2 {@code .out}. No Qwen vocabulary is in the shared data; its merges are GPT-2's here.
 */
class Qwen2PreTokenizerVectorsTest {
  @TempDir Path dir;

  @Test
  void everyInputEncodesToLlamaCppsQwen2Ids() throws IOException, URISyntaxException {
    Path vocab = SharedFiles.model("ggml-vocab-gpt-2.gguf");
    Path file = dir.resolve("qwen2.gguf");
    SyntheticGguf.write(file, vocab, new LlamaShape(64, 1, 4, 2, 96, 64), SyntheticType.Q8_0, 1,
        false, SyntheticArchitecture.QWEN2, false);
    Tokenizer t = Tokenizers.fromGguf(file);
    List<String> inputs = new ArrayList<>(
        LlamaCppVocabVectorsTest.inputs(vocab.resolveSibling("ggml-vocab-gpt-2.gguf.inp")));
    inputs.addAll(LlamaCppVocabVectorsTest.inputs(resource("qwen2-pre-extra.inp")));
    List<int[]> expected = LlamaCppVocabVectorsTest.outputs(resource("qwen2-pre.out"));
    assertEquals(55, inputs.size());
    assertEquals(inputs.size(), expected.size());
    List<Executable> checks = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      String text = inputs.get(i);
      int[] ids = expected.get(i);
      checks.add(() -> assertArrayEquals(ids, t.encode(text, false, false),
          () -> "input " + text.replace("\n", "\\n")));
      checks.add(() -> assertEquals(text, t.decode(ids), () -> "decoded " + java.util.Arrays.toString(ids)));
    }
    assertAll(checks);
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(Qwen2PreTokenizerVectorsTest.class.getResource("/llamacpp/" + name).toURI());
  }
}
