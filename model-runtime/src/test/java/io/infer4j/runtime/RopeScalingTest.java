package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.testing.GgufExtras;
import io.infer4j.runtime.testing.TinyModel;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RoPE settings from GGUF metadata, through the public API on both forward passes (the reference
 * kernels run {@code LlamaForward}, the vector kernels {@code BatchedLlamaForward}). TinyModel's
 * heads are 8 wide: four rotated pairs.
 */
class RopeScalingTest {
  private static final int[] TOKENS = {1, 5, 17, 30, 3, 39, 12, 8, 21, 2, 33, 14};
  private static final TinyModel MODEL = TinyModel.random(11, true);

  @TempDir Path dir;
  private int files;

  private Path gguf(UnaryOperator<GgufExtras> extras) {
    return MODEL.writeGguf(
        dir, "m" + files++ + ".gguf", GgmlType.F32, TinyModel.SEQ, null,
        extras.apply(GgufExtras.none()));
  }

  /** Logits after each of TOKENS, fed one at a time. */
  private static float[][] logits(Path gguf, KernelMode mode) {
    try (LlamaModel model = LlamaModel.load(gguf, ModelOptions.defaults().withKernels(mode))) {
      Session s = model.newSession();
      float[][] out = new float[TOKENS.length][];
      for (int i = 0; i < TOKENS.length; i++) {
        out[i] = s.forward(TOKENS[i]).clone();
      }
      return out;
    }
  }

  private static void assertSame(float[][] expected, float[][] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual[i], 0f, what + ", position " + i);
    }
  }

  private static float maxDifference(float[][] a, float[][] b, int fromPosition) {
    float max = 0;
    for (int i = fromPosition; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return max;
  }

  private static ModelConfig config(Path gguf) {
    try (LlamaModel model = LlamaModel.load(gguf)) {
      return model.config();
    }
  }

  @ParameterizedTest
  @EnumSource(KernelMode.class)
  void neutralSettingsGiveBitIdenticalLogitsToAFileWithoutThem(KernelMode mode) {
    float[][] plain = logits(gguf(e -> e), mode);
    assertSame(
        plain,
        logits(gguf(e -> e.vector("rope_freqs.weight", GgmlType.F32, 1, 1, 1, 1)), mode),
        "rope_freqs of ones");
    assertSame(
        plain, logits(gguf(e -> e.u32("llama.rope.dimension_count", 8)), mode), "dims = head");
    assertSame(
        plain,
        logits(gguf(e -> e.string("llama.rope.scaling.type", "none")
            .f32("llama.rope.scaling.factor", 8f)), mode),
        "type none ignores the factor");
    assertSame(
        plain,
        logits(gguf(e -> e.string("llama.rope.scaling.type", "linear")
            .f32("llama.rope.scaling.factor", 1f)), mode),
        "linear factor 1");
    assertSame(
        plain, logits(gguf(e -> e.f32("llama.rope.freq_base", 10000f)), mode), "default base");
  }

  @ParameterizedTest
  @EnumSource(KernelMode.class)
  void pairFactorsOfTwoTurnExactlyAsLinearScalingByTwo(KernelMode mode) {
    float[][] plain = logits(gguf(e -> e), mode);
    float[][] halved = logits(gguf(e -> e.vector("rope_freqs.weight", GgmlType.F32, 2, 2, 2, 2)),
        mode);
    float[][] linear = logits(gguf(e -> e.string("llama.rope.scaling.type", "linear")
        .f32("llama.rope.scaling.factor", 2f)), mode);
    float[][] oldKey = logits(gguf(e -> e.f32("llama.rope.scale_linear", 2f)), mode);
    // angle / 2 and angle * (1 / 2) round alike: both are exact halvings
    assertSame(halved, linear, "factors 2 vs linear 2");
    assertSame(linear, oldKey, "scaling.factor vs the older scale_linear key");
    // position 0 turns by 0 whatever the scaling; later positions must differ from plain RoPE
    assertArrayEquals(plain[0], linear[0], 0f);
    assertTrue(maxDifference(plain, linear, 1) > 1e-3f, "scaling changes later positions");
  }

  @ParameterizedTest
  @EnumSource(KernelMode.class)
  void pairFactorsThatRescaleTheBaseGiveTheLogitsOfAFileWithThatBase(KernelMode mode) {
    // base^(-2j/8) / f_j = base2^(-2j/8) when f_j = (base2 / base)^(2j/8)
    double base = 10000;
    double base2 = 640000;
    float[] f = new float[4];
    for (int j = 0; j < 4; j++) {
      f[j] = (float) Math.pow(base2 / base, 2.0 * j / 8);
    }
    float[][] viaFactors = logits(gguf(e -> e.vector("rope_freqs.weight", GgmlType.F32, f)), mode);
    float[][] viaBase = logits(gguf(e -> e.f32("llama.rope.freq_base", (float) base2)), mode);
    float[][] plain = logits(gguf(e -> e), mode);
    for (int i = 0; i < TOKENS.length; i++) {
      assertArrayEquals(viaBase[i], viaFactors[i], 1e-4f, "position " + i);
    }
    assertTrue(maxDifference(plain, viaBase, 1) > 1e-2f, "the base change is visible");
  }

  @Test
  void partialRotaryAndScalingAreVisibleInTheConfig() {
    Path partial = gguf(e -> e.u32("llama.rope.dimension_count", 4));
    assertEquals(new RopeScaling(4, 1f, false), config(partial).rope());
    assertEquals(4, config(partial).ropeDimensions());
    assertTrue(
        maxDifference(logits(gguf(e -> e), KernelMode.REFERENCE),
                logits(partial, KernelMode.REFERENCE), 1) > 1e-3f,
        "rotating half of each head changes the logits");
    assertEquals(
        new RopeScaling(0, 4f, true),
        config(gguf(e -> e.f32("llama.rope.scaling.factor", 4f)
            .vector("rope_freqs.weight", GgmlType.F32, 1, 2, 3, 4))).rope());
    assertTrue(config(gguf(e -> e)).rope().isNone());
    assertEquals(
        new RopeScaling(0, 4f, false),
        config(gguf(e -> e.f32("llama.rope.scaling.factor", 4f))).rope());
  }

  private void assertRejected(UnaryOperator<GgufExtras> extras, String... words) {
    Path file = gguf(extras);
    ModelFormatException e =
        assertThrows(ModelFormatException.class, () -> LlamaModel.load(file).close());
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), e.getMessage() + " should name " + w);
    }
  }

  @Test
  void yarnAndUnknownScalingTypesAreRejectedNamingTheKey() {
    assertRejected(
        e -> e.string("llama.rope.scaling.type", "yarn").f32("llama.rope.scaling.factor", 4f),
        "llama.rope.scaling.type", "yarn", "not supported");
    assertRejected(
        e -> e.string("llama.rope.scaling.type", "longrope"), "llama.rope.scaling.type",
        "longrope");
  }

  @Test
  void malformedRopeFrequencyFactorsAreModelFormatErrorsNamingTheTensor() {
    assertRejected(
        e -> e.vector("rope_freqs.weight", GgmlType.F32, 1, 1, 1), "rope_freqs.weight", "[3]",
        "expected [4]");
    assertRejected(
        e -> e.vector("rope_freqs.weight", GgmlType.F32, 1, 1, 1, 1, 1, 1, 1, 1),
        "rope_freqs.weight");
    assertRejected(
        e -> e.vector("rope_freqs.weight", GgmlType.F16, 1, 1, 1, 1), "rope_freqs.weight", "F16",
        "expected F32");
    assertRejected(
        e -> e.vector("rope_freqs.weight", GgmlType.F32, 1, 0, 1, 1), "rope_freqs.weight",
        "entry 1");
    assertRejected(
        e -> e.vector("rope_freqs.weight", GgmlType.F32, 1, Float.NaN, 1, 1), "rope_freqs.weight");
  }

  @Test
  void badRopeDimensionsAndFactorsAreModelFormatErrorsNamingTheKey() {
    assertRejected(e -> e.u32("llama.rope.dimension_count", 5), "llama.rope.dimension_count");
    assertRejected(e -> e.u32("llama.rope.dimension_count", 16), "llama.rope.dimension_count",
        "head size 8");
    assertRejected(e -> e.f32("llama.rope.scaling.factor", -2f), "llama.rope.scaling.factor");
    assertRejected(
        e -> e.f32("llama.rope.scaling.factor", Float.POSITIVE_INFINITY),
        "llama.rope.scaling.factor");
    assertRejected(e -> e.string("llama.rope.scaling.factor", "2"), "llama.rope.scaling.factor");
  }
}
