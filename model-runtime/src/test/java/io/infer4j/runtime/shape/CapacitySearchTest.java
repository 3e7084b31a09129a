package io.infer4j.runtime.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Capacity for a load (issue 14, point 3), checked against figures computed by hand. */
class CapacitySearchTest {

  /** 1 unit, 4 slots, 100 ms prefill, 10 ms decode step; $2/h and 500 W a unit. */
  private static final ReplicaFigures SMALL = new ReplicaFigures(1, 4, 100, 10, 500, 2.0);
  /** 2 units, 8 slots, 50 ms prefill, 6 ms decode step. */
  private static final ReplicaFigures BIG = new ReplicaFigures(2, 8, 50, 6, 500, 2.0);
  /** 5 requests/s of 200 + 11 tokens, TTFT p99 within 500 ms, TPOT within 20 ms. */
  private static final ServingLoad LOAD = new ServingLoad(5, 200, 11, 500, 20);

  @Test
  void aReplicaUnderLoadMatchesTheFormulasWorkedByHand() {
    ReplicaUnderLoad r = ReplicaUnderLoad.of(SMALL, 2, 11);
    assertEquals(0.2, r.prefillShare(), 1e-12, "2/s x 0.1 s");
    assertEquals(12.5, r.tpotMs(), 1e-9, "10 ms / (1 - 0.2)");
    // 100 + 10 ms, plus ln(100 x 0.2) / (10/s - 2/s) = 2.99573 / 8 s = 374.47 ms
    assertEquals(110 + 1e3 * Math.log(20) / 8, r.ttftP99Ms(), 1e-9);
    assertEquals(484.47, r.ttftP99Ms(), 0.01);
    // 2/s x (mean TTFT 0.1 + 0.005 + 0.2 x 0.1 / 0.8 = 0.13 s, plus 10 x 12.5 ms) = 0.51
    assertEquals(0.51, r.concurrency(), 1e-9);
    assertTrue(r.meets(LOAD));
  }

  @Test
  void aRequestThatFindsEverySlotTakenWaitsForOneBeforeItsFirstToken() {
    // 2 slots, 10 ms prefill and steps, 101 output tokens: a sequence stays about 1.01 s, so at
    // 1.5 requests/s the slots carry about 1.5 Erlangs and a request often finds both taken
    ReplicaFigures two = new ReplicaFigures(1, 2, 10, 10, 500, 2.0);
    ReplicaUnderLoad r = ReplicaUnderLoad.of(two, 1.5, 101);
    double s = 0.010;
    double rho = 1.5 * s;
    double tpot = 0.010 / (1 - rho);
    double stay = s + 0.005 + rho * s / (1 - rho) + 100 * tpot;
    double a = 1.5 * stay;
    double prefillWait = Math.log(100 * rho) / (1 / s - 1.5);
    double slotWait = ErlangC.waitQuantile(2, a, stay, 0.99);
    assertTrue(slotWait > 1.0, "a long wait for a slot: " + slotWait + " s");
    assertEquals(1e3 * (s + 0.010 + prefillWait + slotWait), r.ttftP99Ms(), 1e-9);
    assertEquals(a, r.concurrency(), 1e-12);
    assertTrue(!r.meets(new ServingLoad(1.5, 100, 101, 500, 50)), "the slots miss a 500 ms TTFT");
  }

  @Test
  void theSmallReplicaIsBoundByItsTimeToFirstTokenAndNeedsThreeCopies() {
    // TTFT p99 <= 500 ms means ln(10 lambda) / (10 - lambda) <= 0.39 s: lambda between 2.14 and
    // 2.15 (0.38975 s at 2.14, 0.3908 s at 2.15); TPOT alone would allow 5/s, slots 4 far more.
    double max = CapacitySearch.maxRate(SMALL, LOAD);
    assertTrue(max > 2.14 && max < 2.15, "max rate " + max);
    CapacityPlan plan = CapacitySearch.smallest(LOAD, List.of(SMALL), "GPU");
    assertEquals(3, plan.replicas(), "5/s over at most 2.15/s a replica");
    assertEquals(3, plan.totalUnits());
    assertEquals(3 * max, plan.maxRequestsPerSecond(), 1e-9);
    assertTrue(plan.atLoad().ttftP99Ms() <= 500, plan.toTable());
    // cost and energy at this load: 3 units x $2/h over 55 output tokens/s; 1,500 W over the same
    assertEquals(6.0 / 3600 / 55 * 1e6, plan.usdPerMillionOutputTokens(), 1e-9);
    assertEquals(6.0 / 3600 / (5 * 211) * 1e6, plan.usdPerMillionTokens(), 1e-9);
    assertEquals(1500.0 / 55, plan.joulesPerOutputToken(), 1e-9);
  }

  @Test
  void theConfigurationWithFewestUnitsInAllWins() {
    // BIG serves about 11/s within the SLOs (TTFT p99 bound: ln(5 lambda)/(20 - lambda) <= 0.444 s),
    // so one replica of 2 units beats three of 1
    CapacityPlan plan = CapacitySearch.smallest(LOAD, List.of(SMALL, BIG), "GPU");
    assertEquals(BIG, plan.replica());
    assertEquals(1, plan.replicas());
    assertEquals(2, plan.totalUnits());
    assertTrue(plan.maxRequestsPerSecond() > 10.5 && plan.maxRequestsPerSecond() < 11.1,
        plan.toTable());
    assertTrue(plan.toTable().contains("2 GPUs: 1 replica of 2 GPUs, batch 8"), plan.toTable());
  }

  @Test
  void anImpossibleSloSaysWhichAndByHowMuch() {
    InvalidRequestException tpot = assertThrows(InvalidRequestException.class,
        () -> CapacitySearch.smallest(new ServingLoad(5, 200, 11, 500, 5), List.of(SMALL, BIG), "GPU"));
    assertEquals("tpotSlo", tpot.field());
    assertTrue(tpot.getMessage().contains("the fastest decode step takes 6.00 ms (2 GPUs, batch 8),"
        + " 20% over"), tpot.getMessage());

    InvalidRequestException ttft = assertThrows(InvalidRequestException.class,
        () -> CapacitySearch.smallest(new ServingLoad(5, 200, 11, 40, 20), List.of(SMALL, BIG), "GPU"));
    assertEquals("ttftSlo", ttft.field());
    assertTrue(ttft.getMessage().contains("at least 56.0 ms (2 GPUs), 40% over"), ttft.getMessage());
  }

  @Test
  void badLoadsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new ServingLoad(0, 1, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new ServingLoad(1, 0, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new ServingLoad(1, 1, 1, -1, 1));
  }
}
