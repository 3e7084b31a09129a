package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.runtime.tools.LlamaShape;
import io.infer4j.runtime.tools.SyntheticGguf;
import io.infer4j.runtime.tools.SyntheticType;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link KernelMode#AUTO} picks per file at load: llama.cpp's arithmetic ({@link KernelMode#GGML})
 * where a matrix is block-quantized, {@link KernelMode#VECTOR_INT8} for float weights, {@link
 * KernelMode#REFERENCE} without the Vector API module; {@link LlamaModel#kernels()} says which, and
 * the sessions give the chosen mode's logits bit for bit. The files are synthetic, their
 * vocabulary the embedded model's: no shared file needed.
 */
class AutoKernelsTest {
  private static final LlamaShape SHAPE = new LlamaShape(256, 2, 4, 2, 512, 64);
  private static final int[] PROMPT = {1, 403, 261, 13, 500, 77, 2, 300, 45};

  @TempDir Path dir;

  private Path embedded() {
    // an unreachable Hub: the embedded model never needs one
    return ModelSources.resolve(ModelSources.EMBEDDED,
        new ModelCache(dir.resolve("cache"), URI.create("http://127.0.0.1:9"), false,
            Duration.ofMillis(200)));
  }

  private Path synthetic(SyntheticType type) {
    Path out = dir.resolve(type + ".gguf");
    SyntheticGguf.write(out, embedded(), SHAPE, type, 11);
    return out;
  }

  /** The logits after a batched prompt and after one more token, as {@code mode} gives them. */
  private static float[][] logits(Path file, KernelMode mode) {
    try (LlamaModel m = LlamaModel.load(file, ModelOptions.defaults().withKernels(mode))) {
      Session s = m.newSession();
      float[] prompt = s.forward(PROMPT, 0, PROMPT.length).clone();
      float[] next = s.forward(7).clone();
      return new float[][] {prompt, next};
    }
  }

  private static KernelMode chosen(Path file) {
    try (LlamaModel m = LlamaModel.load(file, ModelOptions.defaults()
        .withKernels(KernelMode.AUTO))) {
      return m.kernels();
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"Q8_0", "Q4_0", "Q4_K", "Q6_K"})
  void blockQuantizedFilesRunLlamaCppsArithmetic(SyntheticType type) {
    Path file = synthetic(type);

    assertEquals(KernelMode.GGML, chosen(file));
    float[][] auto = logits(file, KernelMode.AUTO);
    float[][] ggml = logits(file, KernelMode.GGML);
    assertArrayEquals(ggml[0], auto[0], 0f, "prompt");
    assertArrayEquals(ggml[1], auto[1], 0f, "next token");
  }

  @ParameterizedTest
  @EnumSource(names = {"F16", "BF16"})
  void floatFilesRunTheVectorKernels(SyntheticType type) {
    Path file = synthetic(type);

    assertEquals(KernelMode.VECTOR_INT8, chosen(file));
    float[][] auto = logits(file, KernelMode.AUTO);
    float[][] vector = logits(file, KernelMode.VECTOR_INT8);
    assertArrayEquals(vector[0], auto[0], 0f, "prompt");
    assertArrayEquals(vector[1], auto[1], 0f, "next token");
  }

  @Test
  void theEmbeddedModelRunsLlamaCppsArithmetic() {
    assertEquals(KernelMode.GGML, chosen(embedded()));
  }

  @Test
  void aConcreteModeIsKept() {
    Path file = embedded();
    for (KernelMode mode : List.of(KernelMode.REFERENCE, KernelMode.VECTOR,
        KernelMode.VECTOR_INT8, KernelMode.GGML)) {
      try (LlamaModel m = LlamaModel.load(file, ModelOptions.defaults().withKernels(mode))) {
        assertEquals(mode, m.kernels());
      }
    }
  }

  /** Prints what {@link KernelMode#AUTO} chooses for {@code args[0]}. */
  public static final class Main {
    public static void main(String[] args) {
      try (LlamaModel m = LlamaModel.load(Path.of(args[0]),
          ModelOptions.defaults().withKernels(KernelMode.AUTO))) {
        System.out.println(m.kernels());
      }
    }
  }

  @Test
  void withoutTheVectorModuleTheReferenceKernelsRun() throws Exception {
    Path file = embedded();
    List<String> path = new ArrayList<>();
    for (String key : new String[] {"jdk.module.path", "java.class.path"}) {
      String value = System.getProperty(key, "");
      if (!value.isEmpty()) {
        path.addAll(Arrays.asList(value.split(File.pathSeparator)));
      }
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, path),
        Main.class.getName(), file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), out);
    assertEquals("REFERENCE", out.lines().reduce((a, b) -> b).orElse(""), out);
  }
}
