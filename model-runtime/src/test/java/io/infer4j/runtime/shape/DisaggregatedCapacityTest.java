package io.infer4j.runtime.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Disaggregated prefill and decode (issue 14, point 4), against figures worked by hand. */
class DisaggregatedCapacityTest {

  /** A prefill replica: 1 unit, 100 ms per prompt. */
  private static final ReplicaFigures PREFILL = new ReplicaFigures(1, 1, 100, 10, 500, 2.0);
  /** A decode replica: 1 unit, 8 slots, 10 ms steps. */
  private static final ReplicaFigures DECODE = new ReplicaFigures(1, 8, 100, 10, 500, 2.0);
  /** 5 requests/s of 200 + 11 tokens; TTFT p99 500 ms, TPOT 20 ms. */
  private static final ServingLoad LOAD = new ServingLoad(5, 200, 11, 500, 20);

  @Test
  void eachPoolGetsTheReplicasItsOwnBoundNeeds() {
    // prefill alone: 0.1 s + ln(10 lambda) / (10 - lambda) <= 0.5 s: the wait is 0.39956 s at
    // 2.23/s and 0.40066 s at 2.24/s, so at most about 2.235/s a replica: 3 replicas for 5/s.
    // decode: 2 ms of KV transfer + 10 x 10 ms = 102 ms a request; 8 slots take 8 / 0.102 = 78/s,
    // so one replica; TPOT (2 + 100) / 10 = 10.2 ms.
    DisaggregatedCapacity c = DisaggregatedCapacity.smallest(LOAD, List.of(PREFILL), List.of(DECODE),
        (from, to) -> 2.0);
    assertEquals(3, c.prefillReplicas());
    assertTrue(c.goodput() > 3 * 2.23 && c.goodput() < 3 * 2.24, "prefill-bound: " + c.goodput());
    assertEquals(1, c.decodeReplicas());
    assertEquals(4, c.totalUnits());
    assertEquals(10.2, c.tpotMs(), 1e-6, "plus a wait for a slot: 5/s x 102 ms in 8 slots, negligible");
    assertTrue(c.ttftP99Ms() <= 500, "at 5/3 per replica: " + c.ttftP99Ms());
    double lambda = 5.0 / 3;
    assertEquals(1e3 * (0.1 + Math.log(100 * lambda * 0.1) / (10 - lambda)), c.ttftP99Ms(), 1e-9);
    assertEquals(4 * 500.0 / 55, c.joulesPerOutputToken(), 1e-9);
  }

  @Test
  void aSlowLinkCostsTheTimePerOutputTokenAndCanBreakItsSlo() {
    // 120 ms of transfer: (120 + 100) / 10 = 22 ms per token, over the 20 ms SLO
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> DisaggregatedCapacity.smallest(LOAD, List.of(PREFILL), List.of(DECODE), (f, t) -> 120.0));
    assertEquals("tpotSlo", e.field());
    assertTrue(e.getMessage().contains("the best takes 22.00 ms"), e.getMessage());
  }

  @Test
  void aPrefillSlowerThanTheFirstTokensSloIsNamed() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> DisaggregatedCapacity.smallest(new ServingLoad(5, 200, 11, 80, 20), List.of(PREFILL),
            List.of(DECODE), (f, t) -> 2.0));
    assertEquals("ttftSlo", e.field());
    assertTrue(e.getMessage().contains("at least 100.0 ms, 25% over"), e.getMessage());
  }

  @Test
  void aKvLinkMovesTheCacheOverOneLinkPerUnitOfTheSmallerPool() {
    // 1 GB from 4 GPUs to 8 over InfiniBand NDR: 4 links of 50 GB/s, 5 ms + 5 us
    assertEquals(5.005, KvLink.INFINIBAND.transferMs(1_000_000_000L, 4, 8), 1e-9);
    assertEquals("link", assertThrows(InvalidRequestException.class, () -> KvLink.fromId("pigeon")).field());
  }
}
