package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.runtime.testing.JvmWithoutVectorModule;
import io.infer4j.runtime.testing.SharedFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link KernelMode#GGML} in a JVM without the Vector API module (a class-path application that
 * did not pass {@code --add-modules jdk.incubator.vector}): its scalar forms run, no Vector API
 * class is needed, and the tokens are llama.cpp's recorded ones, as with the module.
 */
class GgmlWithoutVectorModuleTest {
  /** Prints the 64 greedy ids of {@code args[0]} in GGML mode, space-separated. */
  public static final class Main {
    public static void main(String[] args) {
      try (LlamaModel model = LlamaModel.load(Path.of(args[0]),
          ModelOptions.defaults().withContextLength(512).withKernels(KernelMode.GGML))) {
        int[] ids = GoldenGenerationTest.runLikeRunc(model, "Once upon a time", 64,
            Samplers.greedy()).ids();
        System.out.println(Arrays.stream(ids).mapToObj(Integer::toString)
            .collect(Collectors.joining(" ")));
      }
    }
  }

  @Test
  void ggmlRunsWithoutTheVectorModule() throws Exception {
    Path file = SharedFiles.model("stories260K-q8_0.gguf");
    String expected = Arrays.stream(SharedFiles.goldenIds(
            "llamacpp/stories260K-q8_0__once__n64.kvf16.ids.txt"))
        .mapToObj(Integer::toString).collect(Collectors.joining(" "));
    assertEquals(expected, JvmWithoutVectorModule.lastLine(Main.class, 120, file.toString()));
  }
}
