package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class EndpointPoolTest {

  private final AtomicLong clock = new AtomicLong(1_000);

  private EndpointPool pool(int n) {
    List<HttpUrl> urls = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      urls.add(HttpUrl.get("http://replica" + i + ".test/v1/"));
    }
    return new EndpointPool(urls, 2, 1_000_000L, clock::get);
  }

  @Test
  void ofTwoEndpointsTheOneWithFewerOutstandingRequestsIsChosen() {
    EndpointPool p = pool(2);
    Endpoint busy = p.pick(null);
    busy.acquire();
    busy.acquire();
    for (int i = 0; i < 20; i++) {
      assertNotSame(busy, p.pick(null), "two random picks of two always include the idle one");
    }
  }

  @Test
  void loadSpreadsOverAllEndpoints() {
    EndpointPool p = pool(4);
    for (int i = 0; i < 400; i++) {
      p.pick(null).acquire();
    }
    for (var s : p.statuses()) {
      assertTrue(s.outstanding() >= 60 && s.outstanding() <= 140, "balanced: " + p.statuses());
    }
  }

  @Test
  void consecutiveFailuresEjectAnEndpointUntilItsTimeIsUp() {
    EndpointPool p = pool(2);
    Endpoint bad = p.pick(null);
    p.recordFailure(bad, "test failure");
    assertFalse(p.statuses().stream().anyMatch(s -> s.ejected()), "one failure is not enough");
    p.recordFailure(bad, "test failure");
    assertTrue(p.statuses().stream().anyMatch(s -> s.ejected()));
    for (int i = 0; i < 20; i++) {
      assertNotSame(bad, p.pick(null));
    }
    clock.addAndGet(1_000_001L);
    assertFalse(p.statuses().stream().anyMatch(s -> s.ejected()), "re-admitted after eject-for");
    p.recordSuccess(bad);
    assertEquals(0, p.statuses().stream().mapToInt(s -> s.consecutiveFailures()).sum());
  }

  @Test
  void aRetryAvoidsTheEndpointThatJustFailed() {
    EndpointPool p = pool(3);
    Endpoint failed = p.pick(null);
    for (int i = 0; i < 20; i++) {
      assertNotSame(failed, p.pick(failed));
    }
  }

  @Test
  void whenAllAreEjectedTheOneDueBackFirstIsStillUsed() {
    EndpointPool p = pool(2);
    Endpoint first = p.pick(null);
    p.recordFailure(first, "test failure");
    p.recordFailure(first, "test failure");
    clock.addAndGet(10);
    Endpoint second = p.pick(null);
    p.recordFailure(second, "test failure");
    p.recordFailure(second, "test failure");
    assertSame(first, p.pick(null));
  }
}
