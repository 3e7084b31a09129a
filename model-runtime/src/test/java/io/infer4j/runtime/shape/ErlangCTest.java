package io.infer4j.runtime.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The M/M/c waiting time against textbook values. */
class ErlangCTest {

  @Test
  void oneServerIsTheMm1QueueAndTwoServersAtOneErlangWaitAThirdOfTheTime() {
    assertEquals(0.5, ErlangC.probabilityOfWaiting(1, 0.5), 1e-12, "M/M/1: rho");
    // C(2, 1) = (1/2! * 2/(2-1)) / (1 + 1 + 1/2! * 2/(2-1)) = 1 / 3
    assertEquals(1.0 / 3, ErlangC.probabilityOfWaiting(2, 1.0), 1e-12);
    assertEquals(1.0, ErlangC.probabilityOfWaiting(4, 4.0), "saturated");
  }

  @Test
  void waitsScaleWithTheServiceTimeAndVanishBelowTheQuantile() {
    // M/M/1 at rho 0.5, service 1 s: mean wait rho / (mu - lambda) = 0.5 / 0.5 = 1 s
    assertEquals(1.0, ErlangC.meanWait(1, 0.5, 1.0), 1e-12);
    // P(W > t) = 0.5 e^(-0.5 t) = 0.01: t = 2 ln 50
    assertEquals(2 * Math.log(50), ErlangC.waitQuantile(1, 0.5, 1.0, 0.99), 1e-12);
    assertEquals(0.0, ErlangC.waitQuantile(64, 10, 1.0, 0.99), "64 slots, 10 busy: no wait");
    assertEquals(Double.POSITIVE_INFINITY, ErlangC.meanWait(2, 2.5, 1.0));
  }
}
