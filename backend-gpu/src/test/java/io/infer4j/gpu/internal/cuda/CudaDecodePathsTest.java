package io.infer4j.gpu.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer4j.runtime.Samplers;
import io.infer4j.runtime.testing.SharedFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fast paths of a whole forward pass against the plain ones on the shared models: a decode step
 * replayed from a CUDA graph gives exactly the logits of the same kernels launched one by one; a
 * prompt run on the tensor cores gives the logits of the matvec kernels within the operands'
 * rounding and the same greedy token; and opening and closing an engine 20 times leaves no device
 * memory behind. Runs only where a CUDA device exists.
 */
class CudaDecodePathsTest {
  static final int STEPS = 40;

  static Path model(String name) {
    return Path.of(SharedFiles.model(name).toString());
  }

  static int[] prompt(int length, int vocab) {
    int[] p = new int[length];
    p[0] = 1; // BOS
    for (int i = 1; i < length; i++) {
      p[i] = 3 + (i * 37) % (vocab - 3);
    }
    return p;
  }

  @Test
  void graphReplayGivesTheLogitsOfKernelsLaunchedOneByOne() {
    CudaTestSupport.openOrSkip().close();
    for (String file : List.of("stories260K.bin", "stories260K-q8_0.gguf", "stories260K-f16.gguf")) {
      Path m = model(file);
      try (CudaEngine graphs = CudaEngine.open(0, m, 0, new ForwardOptions(true, false));
          CudaEngine plain = CudaEngine.open(0, m, 0, ForwardOptions.plain());
          CudaSequence a = graphs.newSequence();
          CudaSequence b = plain.newSequence()) {
        int token = 1;
        for (int i = 0; i < STEPS; i++) {
          float[] la = a.forward(token).clone();
          float[] lb = b.forward(token);
          assertArrayEquals(lb, la, file + " step " + i);
          token = Samplers.greedy().sample(la);
        }
        assertTrue(a.replaysGraph(), "the decode step was recorded as a graph");
      }
    }
  }

  @Test
  void aPromptOnTheTensorCoresGivesTheMatvecLogitsWithinRounding() {
    CudaTestSupport.openOrSkip().close();
    for (String file : List.of("stories260K.bin", "stories260K-q8_0.gguf", "stories260K-f16.gguf")) {
      Path m = model(file);
      try (CudaEngine tc = CudaEngine.open(0, m, 0, new ForwardOptions(false, true));
          CudaEngine plain = CudaEngine.open(0, m, 0, ForwardOptions.plain())) {
        assumeTrue(tc.weights().context().cublas().isPresent(),
            () -> "no cuBLAS, tensor-core prompt test skipped: "
                + tc.weights().context().cublasMissing());
        // a long prompt (several tiles of the tiled attention), within the file's context
        int[] p = prompt(Math.min(200, tc.config().contextLength() - 8), tc.config().vocabSize());
        try (CudaSequence a = tc.newSequence(); CudaSequence b = plain.newSequence()) {
          float[] la = a.prefill(p).clone();
          float[] lb = b.prefill(p);
          double max = 0;
          for (float f : lb) {
            max = Math.max(max, Math.abs(f));
          }
          for (int i = 0; i < la.length; i++) {
            assertEquals(lb[i], la[i], 0.02 * max, file + " logit " + i);
          }
          assertEquals(Samplers.greedy().sample(lb), Samplers.greedy().sample(la),
              file + ": the greedy token after the prompt");
          // the cache the tensor-core prompt left serves decoding like the matvec one
          int next = Samplers.greedy().sample(lb);
          assertEquals(b.forwardGreedy(next), a.forwardGreedy(next), file + " first decode");
        }
      }
    }
  }

  @Test
  void openingAndClosingTwentyTimesLeavesNoDeviceMemoryBehind() {
    Path m = model("stories260K-q8_0.gguf");
    long freeBefore;
    try (CudaContext probe = CudaTestSupport.openOrSkip()) {
      freeBefore = probe.memoryInfo()[0];
    }
    for (int i = 0; i < 20; i++) {
      try (CudaEngine e = CudaEngine.open(0, m, 0); CudaSequence s = e.newSequence()) {
        s.prefill(prompt(20, e.config().vocabSize()));
        s.forwardGreedy(1);
        s.forwardGreedy(2);
      }
    }
    try (CudaContext probe = CudaContext.open(0)) {
      long freeAfter = probe.memoryInfo()[0];
      // the primary context itself stays alive while this probe holds it; 64 MiB covers the
      // driver's own slack, far below what 20 leaked engines would hold
      assertTrue(freeBefore - freeAfter < (64L << 20),
          "free device memory fell from " + freeBefore + " to " + freeAfter + " bytes");
    }
  }
}
