package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * {@link LaneBatchDots#panel}: every output is the single-vector dot product {@link
 * VectorMatmul#dot}
 * bit for bit (rows a whole number of vectors long, so both sum the same lanes in the same
 * order), whatever the panel's size, the row's place in it (pairs and the odd row out) or the
 * token's (groups of four and the rest); outputs outside the panel stay untouched.
 */
class LaneBatchDotsTest {
  private static final int L = FloatVector.SPECIES_PREFERRED.length();

  @Test
  void eachOutputIsTheSingleVectorDotProduct() {
    Random r = new Random(41);
    int n = 24 * L;
    // two groups of four tokens, then three single tokens
    float[][] x = RandomMatrices.gaussians(r, 11, n);
    for (int rowCount : new int[] {1, 2, 5, 16}) {
      float[][] rows = RandomMatrices.gaussians(r, rowCount, n);
      int at = 3; // the panel's first row in the output
      float[][] out = new float[x.length][at + rowCount + 1];
      LaneBatchDots.panel(rows, rowCount, x, x.length, n, out, at);
      for (int t = 0; t < x.length; t++) {
        for (int j = 0; j < rowCount; j++) {
          float expected = VectorMatmul.dot(rows[j], x[t], n);
          assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out[t][at + j]),
              rowCount + " rows: token " + t + ", row " + j);
        }
        assertEquals(0f, out[t][at - 1], "before the panel");
        assertEquals(0f, out[t][at + rowCount], "after the panel");
      }
    }
  }

  @Test
  void aScalarTailIsAddedToEveryOutput() {
    Random r = new Random(43);
    int n = 4 * L + 3;
    float[][] x = RandomMatrices.gaussians(r, 5, n);
    float[][] rows = RandomMatrices.gaussians(r, 3, n);
    float[][] out = new float[x.length][3];
    LaneBatchDots.panel(rows, 3, x, x.length, n, out, 0);
    for (int t = 0; t < x.length; t++) {
      for (int j = 0; j < 3; j++) {
        double exact = 0;
        double magnitude = 0;
        for (int i = 0; i < n; i++) {
          exact += (double) rows[j][i] * x[t][i];
          magnitude += Math.abs((double) rows[j][i] * x[t][i]);
        }
        assertEquals(exact, out[t][j], 1e-6 * magnitude, "token " + t + ", row " + j);
      }
    }
  }
}
