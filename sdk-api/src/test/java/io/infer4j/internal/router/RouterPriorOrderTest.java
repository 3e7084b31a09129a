package io.infer4j.internal.router;

import static io.infer4j.internal.router.ScriptedBackend.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.RouteDecision;
import io.infer4j.Routing;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which prediction the router uses for a member: its configured {@code prior-*} keys while it has
 * observed nothing of it (the operator's override, also of figures a backend publishes), then the
 * backend's own estimate, whose source the note names.
 */
class RouterPriorOrderTest {
  private static final Duration MS = Duration.ofMillis(1);

  private final VirtualClock clock = new VirtualClock();

  @Test
  void configuredPriorsComeFirstUntilTheRouterHasObservedTheMember() {
    ScriptedBackend a = new ScriptedBackend("a", clock::advance, answer(MS.multipliedBy(30), MS))
        .estimating(MS.multipliedBy(10), MS, 0.5);
    List<BackendProfile> profiles = List.of(
        BackendProfile.plain("a", 1).withPriors(MS.multipliedBy(400), null, MS));
    RouterBackend router = RouterFixture.router(
        RouterSettings.defaults(List.of("a")), clock, profiles, a);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      InferenceRequest request = InferenceRequest.builder().prompt("hi").maxTokens(2).build();
      RouteDecision cold = Routing.explain(client, request);
      assertEquals(Duration.ofMillis(400), cold.candidates().get(0).predictedTimeToFirstToken());
      assertTrue(cold.candidates().get(0).note().contains("configured priors"), cold.toString());

      client.generate(request);
      RouteDecision warm = Routing.explain(client, request);
      RouteDecision.Candidate c = warm.candidates().get(0);
      assertEquals(Duration.ofMillis(15), c.predictedTimeToFirstToken(), "10 ms x (2 - 0.5)");
      assertTrue(c.note().contains("backend estimate, confidence 0.50"), c.note());
    }
  }
}
