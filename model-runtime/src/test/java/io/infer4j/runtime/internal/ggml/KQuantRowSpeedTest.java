package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer4j.runtime.internal.tensor.GgmlType;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The kernel timing tool runs each type and reports what it measured (not how fast). */
class KQuantRowSpeedTest {
  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q5_K", "Q6_K"})
  void timesEachShapeOnTheSameRows(GgmlType type) {
    assumeTrue(VectorChoice.ENABLED, "the int8 K-quant kernels need 256-bit Vector API lanes");
    List<KQuantRowSpeed.Timing> timings = KQuantRowSpeed.run(type, 16 * 1024, 1, 1);
    assertEquals(type == GgmlType.Q6_K ? 1 : 2, timings.size());
    for (KQuantRowSpeed.Timing t : timings) {
      assertTrue(t.nanosPerSuperBlock() > 0 && t.bytesPerNano() > 0, t.toString());
      assertTrue(t.rowBytes() >= 16 * 1024 - 2048L / 256 * type.blockBytes(), t.toString());
      assertEquals(Float.floatToRawIntBits(timings.get(0).sum()),
          Float.floatToRawIntBits(t.sum()), "both shapes give the same floats");
      assertTrue(t.sum() != 0 && Float.isFinite(t.sum()), t.toString());
    }
  }
}
