package io.infer4j.runtime.internal.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.Sampler;
import io.infer4j.runtime.SamplerSettings;
import io.infer4j.runtime.Samplers;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplersTest {

  /** Logits whose softmax is {@code probs} (up to rounding). */
  private static float[] logitsOf(double... probs) {
    float[] l = new float[probs.length];
    for (int i = 0; i < probs.length; i++) {
      l[i] = (float) Math.log(probs[i]);
    }
    return l;
  }

  private static Set<Integer> draws(Sampler s, double[] probs, int n) {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      seen.add(s.sample(logitsOf(probs)));
    }
    return seen;
  }

  @Test
  void greedyPicksTheFirstOfEqualMaxima() {
    assertEquals(1, Samplers.greedy().sample(new float[] {0f, 3f, 1f, 3f}));
    assertEquals(0, Samplers.greedy().sample(new float[] {-1f, -1f}));
  }

  @Test
  void runcMultinomialFollowsTheCoinThroughTheCumulativeDistribution() {
    float[] p = {0.1f, 0.2f, 0.7f};
    assertEquals(0, Llama2cSampler.sampleMultinomial(p, 0.05f));
    assertEquals(1, Llama2cSampler.sampleMultinomial(p, 0.25f));
    assertEquals(2, Llama2cSampler.sampleMultinomial(p, 0.31f));
    assertEquals(2, Llama2cSampler.sampleMultinomial(new float[] {0.1f, 0.1f, 0.1f}, 0.99f));
  }

  @Test
  void runcTopPKeepsTheSmallestSortedPrefixAboveP() {
    float[] p = {0.05f, 0.5f, 0.05f, 0.3f, 0.1f};
    // sorted: 1 (0.5), 3 (0.3), 4 (0.1), ...; cumulative passes 0.85 at index 4 (0.9)
    assertEquals(1, Llama2cSampler.sampleTopP(p, 0.85f, 0.0f));
    assertEquals(3, Llama2cSampler.sampleTopP(p, 0.85f, 0.6f));
    assertEquals(4, Llama2cSampler.sampleTopP(p, 0.85f, 0.99f));
    // equal probabilities keep id order (stable sort)
    assertEquals(2, Llama2cSampler.sampleTopP(new float[] {0.1f, 0.45f, 0.45f}, 0.5f, 0.99f));
    assertEquals(1, Llama2cSampler.sampleTopP(new float[] {0.1f, 0.45f, 0.45f}, 0.5f, 0.4f));
  }

  @Test
  void runcTopPDropsCandidatesBelowTheCutoff() {
    // cutoff (1 - 0.5) / 3 = 0.1667: token 0 (0.1) is never a candidate, even with coin ~1
    float[] p = {0.1f, 0.3f, 0.3f, 0.3f};
    for (float coin = 0f; coin < 1f; coin += 0.01f) {
      assertTrue(Llama2cSampler.sampleTopP(p.clone(), 0.5f, coin) != 0);
    }
  }

  @Test
  void theRuncSamplerIsGreedyAtTemperatureZeroAndDeterministicForASeed() {
    assertEquals(2, Samplers.llama2c(0f, 0.9f, 1).sample(new float[] {0f, 1f, 2f}));
    Sampler a = Samplers.llama2c(1f, 0.9f, 42);
    Sampler b = Samplers.llama2c(1f, 0.9f, 42);
    for (int i = 0; i < 50; i++) {
      float[] logits = {0.3f, 1f, 0.2f, 0.9f, 0.5f};
      assertEquals(a.sample(logits.clone()), b.sample(logits.clone()));
    }
  }

  @Test
  void topKKeepsOnlyTheKMostProbableTokens() {
    Sampler s = Samplers.of(new SamplerSettings(1f, 2, 0f, 1f, 5));
    assertEquals(Set.of(1, 3), draws(s, new double[] {0.1, 0.4, 0.1, 0.3, 0.1}, 300));
  }

  @Test
  void minPDropsTokensBelowAFractionOfTheBest() {
    Sampler s = Samplers.of(new SamplerSettings(1f, 0, 0.5f, 1f, 5));
    // best 0.4: keep >= 0.2
    assertEquals(Set.of(1, 2, 3), draws(s, new double[] {0.1, 0.4, 0.22, 0.23, 0.05}, 500));
  }

  @Test
  void topPAfterTopKIsAFractionOfTheKeptMass() {
    Sampler s = Samplers.of(new SamplerSettings(1f, 3, 0f, 0.6f, 5));
    // kept: 0.4, 0.3, 0.1 (mass 0.8); 0.6 of it (0.48) is passed within the first two
    assertEquals(Set.of(1, 3), draws(s, new double[] {0.1, 0.4, 0.1, 0.3, 0.1}, 300));
  }

  @Test
  void withoutTopKAndMinPTheChainChoosesLikeRunc() {
    Sampler chain = new FilterChainSampler(new SamplerSettings(0.8f, 0, 0f, 0.9f, 99));
    Sampler runc = Samplers.llama2c(0.8f, 0.9f, 99);
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < 200; i++) {
      float[] logits = new float[50];
      for (int j = 0; j < logits.length; j++) {
        logits[j] = (float) r.nextGaussian() * 2;
      }
      assertEquals(runc.sample(logits.clone()), chain.sample(logits.clone()), "draw " + i);
    }
  }

  @Test
  void settingsRejectOutOfRangeValuesByName() {
    assertThrows(IllegalArgumentException.class, () -> new SamplerSettings(-1f, 0, 0f, 1f, 0));
    assertThrows(IllegalArgumentException.class, () -> new SamplerSettings(1f, -1, 0f, 1f, 0));
    assertThrows(IllegalArgumentException.class, () -> new SamplerSettings(1f, 0, 2f, 1f, 0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new SamplerSettings(1f, 0, 0f, 0f, 0));
    assertTrue(e.getMessage().contains("topP"));
    assertEquals(ArgmaxSampler.class, Samplers.of(SamplerSettings.greedy()).getClass());
  }
}
