package io.infer4j.runtime.internal.kernels;

import io.infer4j.runtime.internal.tensor.TensorView;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The half-precision matrices known to hold only finite halves (no infinity, no NaN), learned
 * from a product computed with every half widened exactly ({@link F16Rows#dotInLanes}; {@code
 * GGML} mode's {@link F16Rows#laneSums}): an infinite or NaN half makes its row's dot product
 * infinite or NaN whatever the activations ({@code inf * x} is infinite or, for {@code x = 0},
 * NaN; {@code NaN * x} is NaN; a sum holding either is infinite or NaN), so a row whose product
 * came out finite has only finite halves, and a matrix whose every row did is finite. No scan, no
 * second read: the first decode step that meets a matrix teaches it. A matrix that gave a
 * non-finite row (a non-finite half, or a sum past the float range, or non-finite activations)
 * stays unknown and is asked again next time. {@link F16Rows#dotFinite} and {@link
 * F16Rows#laneSumsFinite} widen halves without the lanes that keep infinities and NaNs, so they
 * may only read matrices known here. Entries last as long as their tensor. Thread-safe.
 */
public final class FiniteHalves {
  private static final Map<TensorView, Boolean> FINITE =
      Collections.synchronizedMap(new WeakHashMap<>());

  private FiniteHalves() {}

  /** Whether {@code w} is known to hold only finite halves. */
  public static boolean known(TensorView w) {
    return FINITE.containsKey(w);
  }

  /**
   * Learns from {@code out}, all {@code w.rows()} results of one product of {@code w} computed
   * with every half widened exactly: if each is finite, {@code w} is known finite from now on.
   */
  public static void learn(TensorView w, float[] out) {
    for (int i = 0; i < w.rows(); i++) {
      if (!Float.isFinite(out[i])) {
        return;
      }
    }
    FINITE.put(w, Boolean.TRUE);
  }
}
