package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer4j.runtime.testing.SharedFiles;
import org.junit.jupiter.api.Test;

/**
 * A run of tokens fed at once (batched by the vector kernels) gives the logits of feeding them one
 * by one, within float tolerance, and the same next token.
 */
class SessionBatchTest {
  private static final Sampler GREEDY = Samplers.greedy(); // argmax, the first on ties

  private static final int[] PROMPT = {1, 403, 407, 261, 378, 36, 304, 427, 261, 378, 36, 304, 427, 261, 378, 36,
      304, 427, 261, 378, 36, 304, 427, 261, 378, 36, 304, 427, 261, 378, 36, 304, 427, 261, 378, 36, 304};

  private static LlamaModel load(KernelMode kernels) {
    return LlamaModel.load(SharedFiles.model("stories260K.bin"),
        ModelOptions.defaults().withTokenizer(SharedFiles.model("tok512.bin")).withKernels(kernels));
  }

  @Test
  void aBatchedRunEqualsOneTokenAtATime() {
    for (KernelMode mode : KernelMode.values()) {
      try (LlamaModel model = load(mode)) {
        Session batched = model.newSession();
        float[] a = batched.forward(PROMPT, 0, PROMPT.length).clone();
        Session single = model.newSession();
        float[] b = null;
        for (int token : PROMPT) {
          b = single.forward(token);
        }
        assertEquals(PROMPT.length, batched.position());
        double maxAbs = 0;
        for (int i = 0; i < a.length; i++) {
          maxAbs = Math.max(maxAbs, Math.abs(a[i] - b[i]));
        }
        assertEquals(0.0, maxAbs, 1e-3, mode + ": largest logit difference");
        assertEquals(GREEDY.sample(b), GREEDY.sample(a), mode + ": next token");
      }
    }
  }

  @Test
  void aRunThatDoesNotFitTheContextIsRefusedBeforeAnyWork() {
    try (LlamaModel model = load(KernelMode.VECTOR)) {
      Session s = model.newSession();
      int[] tooMany = new int[s.contextLength() + 1];
      assertThrows(IllegalStateException.class, () -> s.forward(tooMany, 0, tooMany.length));
      assertEquals(0, s.position());
    }
  }
}
