package io.infer4j.internal.router;

import static io.infer4j.internal.router.ScriptedBackend.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.spi.BackendHealth;
import io.infer4j.spi.BackendHealth.State;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The router's health: up while one member is eligible (circuit not open, not rate limited, its
 * own health up), each member's state under its name; in virtual time.
 */
class RouterHealthTest {

  private static final Duration MS = Duration.ofMillis(1);

  private final VirtualClock clock = new VirtualClock();

  private ScriptedBackend member(String name) {
    return new ScriptedBackend(name, clock::advance, answer(MS, MS));
  }

  private static void openCircuit(Member m, long now) {
    for (int i = 0; i < RouterSettings.defaults(List.of("x")).breakerFailures(); i++) {
      m.breaker().onFailure(now, CircuitBreaker.Admission.PASS);
    }
  }

  @Test
  void withEveryMemberEligibleItIsUpAndReportsEachUnderItsName() {
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a", "b")), clock,
        member("a").health(BackendHealth.up().with("model", "m-a")), member("b"));

    BackendHealth h = router.health();

    assertEquals(State.UP, h.state());
    assertEquals(2L, h.details().get("members"));
    assertEquals(2L, h.details().get("eligible"));
    assertEquals("up", h.details().get("a.state"));
    assertEquals("closed", h.details().get("a.circuit_state"));
    assertEquals(false, h.details().get("a.rate_limited"));
    assertEquals(true, h.details().get("a.eligible"));
    assertEquals("m-a", h.details().get("a.model"), "a member's own details, under its name");
    assertFalse(h.details().containsKey(BackendHealth.REASON));
  }

  @Test
  void oneEligibleMemberKeepsItUpWhileTheOthersSayWhyNot() {
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a", "b", "c")),
        clock, member("a"), member("b").health(BackendHealth.down("every endpoint is ejected")),
        member("c"));
    openCircuit(router.members().get(0), clock.getAsLong());

    BackendHealth h = router.health();

    assertEquals(State.UP, h.state());
    assertEquals(1L, h.details().get("eligible"));
    assertEquals("open", h.details().get("a.circuit_state"));
    assertEquals(false, h.details().get("a.eligible"));
    assertEquals("down", h.details().get("b.state"));
    assertEquals("every endpoint is ejected", h.details().get("b.reason"));
    assertEquals(true, h.details().get("c.eligible"));
  }

  @Test
  void whenTheOnlyMemberIsDownTheRouterIsDownSayingWhy() {
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a")), clock,
        member("a").health(BackendHealth.down("no requests left in the credential's window")));

    BackendHealth h = router.health();

    assertEquals(State.DOWN, h.state());
    assertTrue(h.isLive(), "a down member may recover: the router stays live");
    assertEquals(0L, h.details().get("eligible"));
    assertEquals("no member is eligible: a: down (no requests left in the credential's window)",
        h.reason().orElseThrow());
  }

  @Test
  void aRateLimitedMemberIsNotEligibleUntilItsRetryTime() {
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a")), clock,
        member("a"));
    router.members().get(0).rateLimitedUntil(clock.getAsLong() + Duration.ofMillis(700).toNanos());

    BackendHealth limited = router.health();
    assertEquals(State.DOWN, limited.state());
    assertEquals(true, limited.details().get("a.rate_limited"));
    assertEquals(700L, limited.details().get("a.rate_limited_for_ms"));
    assertTrue(limited.reason().orElseThrow().contains("a: rate limited for 700 ms"),
        limited.reason().orElseThrow());

    clock.advance(Duration.ofMillis(700));
    BackendHealth after = router.health();
    assertEquals(State.UP, after.state());
    assertEquals(false, after.details().get("a.rate_limited"));
    assertFalse(after.details().containsKey("a.rate_limited_for_ms"));
  }

  @Test
  void aHalfOpenCircuitCountsAsEligibleForItAdmitsATrial() {
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a")), clock,
        member("a"));
    openCircuit(router.members().get(0), clock.getAsLong());
    assertEquals(State.DOWN, router.health().state());

    clock.advance(RouterSettings.defaults(List.of("a")).breakerCoolDown());

    BackendHealth h = router.health();
    assertEquals(State.UP, h.state());
    assertEquals("half_open", h.details().get("a.circuit_state"));
  }

  @Test
  void itIsClosedOnceClosedAndTheClientSaysSoToo() {
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a")), clock,
        member("a"));
    InferenceClient client = RouterFixture.client(router, clock);
    assertEquals(State.UP, InferenceClients.health(client).state());

    client.close();

    assertEquals(new BackendHealth(State.CLOSED, Map.of("reason", "router is closed")),
        router.health());
    assertEquals(new BackendHealth(State.CLOSED, Map.of("reason", "client is closed")),
        InferenceClients.health(client));
  }

  @Test
  void whenEveryMemberIsClosedTheRouterIsClosedToo() {
    ScriptedBackend a = member("a");
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a")), clock, a);
    a.close();

    BackendHealth h = router.health();

    assertEquals(State.CLOSED, h.state());
    assertEquals("closed", h.details().get("a.state"));
  }
}
