package io.infer4j.runtime.internal.kernels;

/**
 * The oracle vector ops, written as run.c writes them so results match it bit for bit: float32
 * arithmetic throughout, C's {@code expf}, {@code powf}, {@code cosf} and {@code sinf} taken as the
 * correctly rounded float of the double result.
 */
public final class ReferenceVectorOps implements VectorOps {

  @Override
  public void rmsnorm(float[] out, float[] x, float[] weight, int size, float eps) {
    float ss = 0.0f;
    for (int j = 0; j < size; j++) {
      ss += x[j] * x[j];
    }
    ss /= size;
    ss += eps;
    ss = 1.0f / (float) Math.sqrt(ss);
    for (int j = 0; j < size; j++) {
      out[j] = weight[j] * (ss * x[j]);
    }
  }

  /** Left to right, as run.c sums an attention score. */
  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    float sum = 0.0f;
    for (int i = 0; i < n; i++) {
      sum += a[aOff + i] * b[bOff + i];
    }
    return sum;
  }

  @Override
  public void addScaled(float a, float[] x, int xOff, float[] acc, int accOff, int n) {
    for (int i = 0; i < n; i++) {
      acc[accOff + i] += a * x[xOff + i];
    }
  }

  @Override
  public void softmax(float[] x, int offset, int size) {
    float max = x[offset];
    for (int i = 1; i < size; i++) {
      if (x[offset + i] > max) {
        max = x[offset + i];
      }
    }
    float sum = 0.0f;
    for (int i = 0; i < size; i++) {
      x[offset + i] = expf(x[offset + i] - max);
      sum += x[offset + i];
    }
    for (int i = 0; i < size; i++) {
      x[offset + i] /= sum;
    }
  }

  @Override
  public void rope(float[] vec, int length, RopeTable table, int pos) {
    int headSize = table.headSize();
    int pairs = table.pairs();
    boolean neox = table.style() == RopeStyle.NEOX;
    for (int j = 0; j < pairs; j++) {
      float val = table.angle(j, pos);
      float fcr = (float) Math.cos(val);
      float fci = (float) Math.sin(val);
      int first = neox ? j : 2 * j; // the pair's elements within a head: (first, first + second)
      int second = neox ? pairs : 1;
      for (int i = first; i < length; i += headSize) {
        float v0 = vec[i];
        float v1 = vec[i + second];
        vec[i] = v0 * fcr - v1 * fci;
        vec[i + second] = v0 * fci + v1 * fcr;
      }
    }
  }

  @Override
  public void rmsnormHeads(float[] x, int length, float[] weight, int headSize, float eps) {
    for (int h = 0; h < length; h += headSize) {
      float ss = 0.0f;
      for (int j = 0; j < headSize; j++) {
        ss += x[h + j] * x[h + j];
      }
      ss /= headSize;
      ss += eps;
      ss = 1.0f / (float) Math.sqrt(ss);
      for (int j = 0; j < headSize; j++) {
        x[h + j] = weight[j] * (ss * x[h + j]);
      }
    }
  }

  @Override
  public void swiglu(float[] gate, float[] up, int size) {
    for (int i = 0; i < size; i++) {
      float val = gate[i];
      val *= (1.0f / (1.0f + expf(-val)));
      val *= up[i];
      gate[i] = val;
    }
  }

  /** C's {@code expf}. */
  static float expf(float x) {
    return (float) Math.exp(x);
  }
}
