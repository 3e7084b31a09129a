package io.infer4j.gpu.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.gpu.ModelDoesNotFitException;
import io.infer4j.runtime.KernelMode;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.ModelOptions;
import io.infer4j.runtime.Samplers;
import io.infer4j.runtime.Session;
import io.infer4j.runtime.testing.SharedFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole GPU forward pass against the CPU reference path on the shared models: greedy token
 * sequences are equal, logits agree closely, prefill equals token-by-token decode, and closing
 * releases the device memory. Runs only where a CUDA device exists.
 */
class CudaGreedyEqualityTest {
  static final int STEPS = 60;
  static final double LOGIT_TOLERANCE = 1e-3; // absolute, logits of stories260K are O(10)

  static List<Integer> cpuGreedy(Path model, int[] prompt) {
    ModelOptions o = ModelOptions.defaults().withKernels(KernelMode.REFERENCE)
        .withTokenizer(Path.of(SharedFiles.model("tok512.bin").toString()));
    try (LlamaModel m = LlamaModel.load(model, o)) {
      Session s = m.newSession();
      float[] logits = null;
      for (int t : prompt) {
        logits = s.forward(t);
      }
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < STEPS; i++) {
        int next = Samplers.greedy().sample(logits);
        out.add(next);
        logits = s.forward(next);
      }
      return out;
    }
  }

  static int[] prompt(Path model) {
    ModelOptions o = ModelOptions.defaults().withKernels(KernelMode.REFERENCE)
        .withTokenizer(Path.of(SharedFiles.model("tok512.bin").toString()));
    try (LlamaModel m = LlamaModel.load(model, o)) {
      return m.tokenizer().encode("Once upon a time", true, false);
    }
  }

  void greedyEqualsTheCpu(String file) {
    Path model = Path.of(SharedFiles.model(file).toString());
    CudaTestSupport.openOrSkip().close();
    int[] prompt = prompt(model);
    List<Integer> expected = cpuGreedy(model, prompt);
    try (CudaEngine engine = CudaEngine.open(0, model, 0);
        CudaSequence seq = engine.newSequence()) {
      float[] logits = seq.prefill(prompt);
      List<Integer> got = new ArrayList<>();
      int next = Samplers.greedy().sample(logits);
      for (int i = 0; i < STEPS; i++) {
        got.add(next);
        next = seq.forwardGreedy(next);
      }
      assertEquals(expected, got, file + " on " + engine.deviceName());
    }
  }

  @Test
  void llama2cCheckpointGreedyTokensEqualTheCpuReference() {
    greedyEqualsTheCpu("stories260K.bin");
  }

  @Test
  void ggufF32F16AndQ8_0GreedyTokensEqualTheCpuReference() {
    for (String f : List.of("stories260K-f32.gguf", "stories260K-f16.gguf",
        "stories260K-q8_0.gguf")) {
      greedyEqualsTheCpu(f);
    }
  }

  @Test
  void prefillGivesTheLogitsOfTokenByTokenDecodeAndTheCpu() {
    Path model = Path.of(SharedFiles.model("stories260K.bin").toString());
    CudaTestSupport.openOrSkip().close();
    int[] prompt = prompt(model);
    ModelOptions o = ModelOptions.defaults().withKernels(KernelMode.REFERENCE)
        .withTokenizer(Path.of(SharedFiles.model("tok512.bin").toString()));
    float[] cpu;
    try (LlamaModel m = LlamaModel.load(model, o)) {
      Session s = m.newSession();
      cpu = null;
      for (int t : prompt) {
        cpu = s.forward(t);
      }
    }
    try (CudaEngine engine = CudaEngine.open(0, model, 0);
        CudaSequence batched = engine.newSequence();
        CudaSequence single = engine.newSequence()) {
      float[] a = batched.prefill(prompt);
      float[] b = null;
      for (int t : prompt) {
        b = single.forward(t);
      }
      for (int i = 0; i < cpu.length; i++) {
        assertEquals(cpu[i], a[i], LOGIT_TOLERANCE, "prefill logit " + i);
        assertEquals(cpu[i], b[i], LOGIT_TOLERANCE, "decode logit " + i);
      }
    }
  }

  @Test
  void closingTheEngineReleasesAllDeviceMemory() {
    Path model = Path.of(SharedFiles.model("stories260K.bin").toString());
    CudaTestSupport.openOrSkip().close();
    CudaEngine engine = CudaEngine.open(0, model, 0);
    CudaContext cuda = engine.weights().context();
    CudaSequence seq = engine.newSequence();
    assertTrue(cuda.liveBytes() >= engine.weights().byteSize());
    seq.close();
    assertTrue(cuda.liveBytes() > engine.weights().byteSize(), "the closed sequence's state is"
        + " kept for the next one");
    long held = cuda.liveBytes();
    try (CudaSequence again = engine.newSequence()) {
      assertEquals(0, again.position());
      assertEquals(held, cuda.liveBytes(), "the new sequence reuses the idle state");
    }
    assertThrows(IllegalStateException.class, () -> seq.forward(1), "a closed sequence");
    engine.closeIdleSequences();
    engine.weights().close();
    assertEquals(0, cuda.liveBytes());
    engine.close();
  }

  @Test
  void aModelThatDoesNotFitTheFreeMemoryNamesTheBytes() {
    Path model = Path.of(SharedFiles.model("stories260K.bin").toString());
    try (CudaContext hog = CudaTestSupport.openOrSkip()) {
      // take all but 64 MiB of the free memory: less than the engine's own reserve
      long free = hog.memoryInfo()[0];
      try (DeviceBuffer taken = hog.allocate(free - (64L << 20))) {
        ModelDoesNotFitException e = assertThrows(ModelDoesNotFitException.class,
            () -> CudaEngine.open(0, model, 0).close());
        assertTrue(e.getMessage().contains("bytes") && e.getMessage().contains("free"),
            e.getMessage());
      }
    }
  }
}
