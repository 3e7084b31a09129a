package io.infer4j.lpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CostTest {

  @Test
  void overlappedUnitsCountOnlyTheBusiestPlusTheFixedLatencies() {
    Cost matrixBound = Cost.overlapped(100, 20, 50, 90, 7, 3);
    assertEquals(new Cost(100, 20, 0, 0, 7, 3), matrixBound);
    assertEquals(130, matrixBound.total());
    assertEquals(new Cost(0, 0, 0, 500, 7, 3), Cost.overlapped(100, 20, 50, 500, 7, 3));
    assertEquals(new Cost(0, 0, 400, 0, 7, 3), Cost.overlapped(100, 20, 400, 5, 7, 3));
  }

  @Test
  void costsAddFieldByField() {
    Cost sum = new Cost(1, 2, 3, 4, 5, 6).plus(new Cost(10, 20, 30, 40, 50, 60));
    assertEquals(new Cost(11, 22, 33, 44, 55, 66), sum);
    assertEquals(231, sum.total());
  }
}
