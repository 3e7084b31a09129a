package io.infer4j.testing.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer4j.Embedding;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashedEmbeddingTest {

  private static double length(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }

  @Test
  void aWordIsOneSignedComponentPickedByItsFnv1aHash() {
    // FNV-1a 64 of "cat" is 0xf5e307190ce4a327 (computed apart from this code): mod 256 = 39,
    // top bit set, so -1 there; "dog" is 0xcaaf3b18f47478e9: 233, also negative
    float[] cat = HashedEmbedding.of("cat", 256);
    float[] expected = new float[256];
    expected[39] = -1f;
    assertArrayEquals(expected, cat);
    assertEquals(-1f, HashedEmbedding.of("dog", 256)[233]);
  }

  @Test
  void wordsAreRunsOfLettersAndDigitsLowerCased() {
    assertEquals(List.of("the", "cat", "2", "sat"), HashedEmbedding.words("The cat, 2 (sat)!"));
    assertArrayEquals(HashedEmbedding.of("cat", 64), HashedEmbedding.of("  CAT!? ", 64));
  }

  @Test
  void repeatingEveryWordChangesNothingAfterScaling() {
    assertArrayEquals(HashedEmbedding.of("red fox", 256), HashedEmbedding.of("red red fox fox", 256));
  }

  @Test
  void everyVectorHasLengthOneEvenWithoutWords() {
    for (String text : List.of("", "   ", "?!", "a", "the quick brown fox jumps over the lazy dog")) {
      assertEquals(1.0, length(HashedEmbedding.of(text, 256)), 1e-6, text);
    }
  }

  @Test
  void sharedWordsMakeTheCosine() {
    Embedding ab = new Embedding(0, HashedEmbedding.of("alpha beta", 256));
    Embedding a = new Embedding(1, HashedEmbedding.of("alpha", 256));
    assertEquals(1 / Math.sqrt(2), ab.cosine(a), 1e-6);
  }

  @Test
  void dimensionsMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> HashedEmbedding.of("x", 0));
  }
}
