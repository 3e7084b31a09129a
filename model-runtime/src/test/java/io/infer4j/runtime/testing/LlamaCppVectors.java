package io.infer4j.runtime.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * llama.cpp's tokenizer test vectors, as its {@code tests/test-tokenizer-0} reads them: an {@code
 * .inp} file holds inputs, each followed by {@code \n__ggml_vocab_test__\n}; an {@code .out} file
 * one line of space-separated ids per input.
 */
public final class LlamaCppVectors {
  private static final String SEPARATOR = "\n__ggml_vocab_test__\n";

  private LlamaCppVectors() {}

  /**
   * The inputs of an {@code .inp} file, in order.
   *
   * @throws IllegalArgumentException if text follows the last separator
   */
  public static List<String> inputs(Path inp) throws IOException {
    String all = Files.readString(inp, StandardCharsets.UTF_8);
    List<String> inputs = new ArrayList<>();
    int start = 0;
    for (int at = all.indexOf(SEPARATOR); at >= 0; at = all.indexOf(SEPARATOR, start)) {
      inputs.add(all.substring(start, at));
      start = at + SEPARATOR.length();
    }
    if (start < all.length()) {
      throw new IllegalArgumentException(inp + ": text after the last separator");
    }
    return inputs;
  }

  /** The id lines of an {@code .out} file. */
  public static List<int[]> outputs(Path out) throws IOException {
    return Files.readAllLines(out, StandardCharsets.UTF_8).stream()
        .map(line -> Arrays.stream(line.strip().split("\\s+"))
            .filter(s -> !s.isEmpty())
            .mapToInt(Integer::parseInt)
            .toArray())
        .toList();
  }
}
