package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.runtime.testing.EmbeddedModelFile;
import io.infer4j.runtime.testing.JvmWithoutVectorModule;
import io.infer4j.runtime.tools.LlamaShape;
import io.infer4j.runtime.tools.SyntheticGguf;
import io.infer4j.runtime.tools.SyntheticType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link KernelMode#AUTO} picks per file at load: llama.cpp's arithmetic ({@link KernelMode#GGML})
 * where a matrix is block-quantized and every such matrix has a lane kernel in ggml's order (Q8_0,
 * Q5_0, Q4_0, K-quants), {@link KernelMode#VECTOR_INT8} for float weights and for files with Q4_1
 * or Q5_1 matrices, {@link KernelMode#REFERENCE} without the Vector API module; {@link LlamaModel#kernels()} says which, and
 * the sessions give the chosen mode's logits bit for bit. The files are synthetic, their
 * vocabulary the embedded model's: no shared file needed.
 */
class AutoKernelsTest {
  private static final LlamaShape SHAPE = new LlamaShape(256, 2, 4, 2, 512, 64);
  private static final int[] PROMPT = {1, 403, 261, 13, 500, 77, 2, 300, 45};

  @TempDir Path dir;

  private Path embedded() {
    return EmbeddedModelFile.in(dir);
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

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({"Q8_0, GGML", "Q4_0, GGML", "Q5_0, GGML", "Q4_K, GGML", "Q6_K, GGML",
      "Q5_1, GGML", "Q4_1, GGML", "F16, VECTOR_INT8", "BF16, VECTOR_INT8"})
  void blockQuantizedFilesRunLlamaCppsArithmeticFloatFilesTheVectorKernels(SyntheticType type,
      KernelMode expected) {
    Path file = synthetic(type);

    assertEquals(expected, chosen(file));
    float[][] auto = logits(file, KernelMode.AUTO);
    float[][] concrete = logits(file, expected);
    assertArrayEquals(concrete[0], auto[0], 0f, "prompt");
    assertArrayEquals(concrete[1], auto[1], 0f, "next token");
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
    assertEquals("REFERENCE",
        JvmWithoutVectorModule.lastLine(Main.class, 60, embedded().toString()));
  }
}
