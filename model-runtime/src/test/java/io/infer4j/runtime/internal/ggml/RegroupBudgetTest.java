package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer4j.runtime.internal.model.LayerWeights;
import io.infer4j.runtime.internal.model.LlamaWeights;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Int8Matmul#prepare} regroups only when the copies fit the budget: what it plans equals
 * what the layouts allocate, a budget below that keeps the file's layout, and the budget comes
 * from {@code -Dinfer4j.int8.regroupBudget} (refused by name when not a byte count) or from
 * {@code MemAvailable} ({@link AvailableMemory}).
 */
class RegroupBudgetTest {
  private static final int ROWS = 45; // a partial last group
  private static final int COLS = 512;

  @ParameterizedTest
  @EnumSource(names = {"Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K"})
  void plannedBytesAreTheLayoutsBytes(GgmlType type) {
    assumeTrue(VectorChoice.ENABLED && WideLanes.NATIVE, "lane groups need native 512-bit lanes");
    SegmentTensor w = QuantDotsTest.randomMatrix(type, ROWS, COLS, 71);
    try (Arena arena = Arena.ofShared()) {
      LaneGroupedTensor lanes = assertInstanceOf(LaneGroupedTensor.class,
          Int8Matmul.regroup(w, arena));
      long allocated = 0;
      for (MemorySegment g : lanes.groups()) {
        allocated += g.byteSize();
      }
      assertEquals(allocated, Int8Matmul.regroupedBytes(w), type.name());
    }
  }

  @Test
  void aBudgetBelowTheCopiesKeepsTheFilesLayout() {
    assumeTrue(VectorChoice.ENABLED && WideLanes.NATIVE, "lane groups need native 512-bit lanes");
    SegmentTensor q8 = QuantDotsTest.randomMatrix(GgmlType.Q8_0, ROWS, COLS, 72);
    SegmentTensor q4k = QuantDotsTest.randomMatrix(GgmlType.Q4_K, ROWS, COLS, 73);
    LayerWeights layer = new LayerWeights(new float[COLS], q8, q8, q8, q4k, new float[COLS], q4k,
        q4k, q4k);
    LlamaWeights weights = new LlamaWeights(q8, List.of(layer), new float[COLS], q8);
    long needed = Int8Matmul.regroupedBytes(q8) + Int8Matmul.regroupedBytes(q4k); // each once
    try (Arena arena = Arena.ofShared()) {
      LlamaWeights kept = Int8Matmul.prepare(weights, arena, false, needed - 1);
      assertSame(q8, kept.layers().get(0).wq());
      assertSame(q4k, kept.layers().get(0).w1());
      assertSame(q8, kept.classifier());
      LlamaWeights regrouped = Int8Matmul.prepare(weights, arena, false, needed);
      assertSame(q8, assertInstanceOf(LaneGroupedTensor.class,
          regrouped.layers().get(0).wq()).source());
      assertSame(q4k, assertInstanceOf(LaneGroupedTensor.class,
          regrouped.layers().get(0).w1()).source());
    }
  }

  @Test
  void theBudgetPropertyIsABytesCount() {
    String before = System.getProperty(Int8Matmul.BUDGET_PROPERTY);
    try {
      System.setProperty(Int8Matmul.BUDGET_PROPERTY, " 123456 ");
      assertEquals(123456, Int8Matmul.regroupBudget());
      for (String bad : new String[] {"lots", "-1", "1.5e9", ""}) {
        System.setProperty(Int8Matmul.BUDGET_PROPERTY, bad);
        var e = assertThrows(IllegalArgumentException.class, Int8Matmul::regroupBudget);
        assertTrue(e.getMessage().contains(Int8Matmul.BUDGET_PROPERTY)
            && e.getMessage().contains("'" + bad + "'"), e.getMessage());
      }
      System.clearProperty(Int8Matmul.BUDGET_PROPERTY);
      long budget = Int8Matmul.regroupBudget();
      OptionalLong available = AvailableMemory.bytes();
      assertTrue(available.isEmpty() ? budget == Long.MAX_VALUE
          : budget > 0 && budget <= available.getAsLong(), budget + " of " + available);
    } finally {
      if (before == null) {
        System.clearProperty(Int8Matmul.BUDGET_PROPERTY);
      } else {
        System.setProperty(Int8Matmul.BUDGET_PROPERTY, before);
      }
    }
  }

  @Test
  void memAvailableIsReadInBytes() {
    assertEquals(OptionalLong.of(16_384L * 1024), AvailableMemory.parse(List.of(
        "MemTotal:       32768 kB", "MemFree:         1024 kB", "MemAvailable:   16384 kB")));
    assertEquals(OptionalLong.empty(), AvailableMemory.parse(List.of("MemTotal: 32768 kB")));
    assertEquals(OptionalLong.empty(), AvailableMemory.parse(List.of("MemAvailable: lots kB")));
    assertEquals(OptionalLong.empty(), AvailableMemory.parse(List.of("MemAvailable: 16384 MB")));
    assertEquals(OptionalLong.empty(), AvailableMemory.parse(List.of("MemAvailable:")));
  }
}
