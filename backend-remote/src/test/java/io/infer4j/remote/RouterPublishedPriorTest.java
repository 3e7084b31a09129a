package io.infer4j.remote;

import static io.infer4j.remote.LoopbackRouter.candidate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.RouteDecision;
import io.infer4j.Routing;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cold router (a fresh process: nothing learnt, no probe) knows a GroqCloud model's speed from
 * the figures Groq and an independent benchmark published, says so in the decision, and sends the
 * first request with a tight first-token budget there instead of to the member it knows nothing
 * about. The {@code preset=groq} members here talk to loopback servers ({@code base-url}), so what
 * is tested is the decision, not Groq.
 */
class RouterPublishedPriorTest {

  private static final String PUBLISHED = "published: GroqCloud models page, llama-3.1-8b-instant 560 tokens/s";

  private final LoopbackRouter loop = new LoopbackRouter();
  private InferenceClient client;

  @AfterEach
  void stop() throws Exception {
    loop.close();
  }

  /** A member with no retries, 2 ms per token. */
  private PacedServer member(String name, long ttftMillis, String... keys) throws Exception {
    String[] all = new String[keys.length + 2];
    all[0] = "max-retries";
    all[1] = "0";
    System.arraycopy(keys, 0, all, 2, keys.length);
    return loop.remote(name, ttftMillis, 2, all);
  }

  /** A member with preset groq (its endpoint still the loopback server) serving {@code model}. */
  private PacedServer groq(String name, long ttftMillis, String model, String... keys) throws Exception {
    String[] all = new String[keys.length + 6];
    System.arraycopy(new String[] {"preset", "groq", "api-key", "test-key", "model", model}, 0, all, 0, 6);
    System.arraycopy(keys, 0, all, 6, keys.length);
    return member(name, ttftMillis, all);
  }

  private InferenceClient router(String backends) {
    client = loop.router(backends, "policy", "cheapest-within-budget");
    return client;
  }

  private static InferenceRequest request() {
    return InferenceRequest.builder().user("hello").maxTokens(4)
        .timeToFirstTokenBudget(Duration.ofMillis(500)).build();
  }

  @Test
  void theFirstRequestGoesToTheMemberWithPublishedFiguresAndTheNotesCiteThem() throws Exception {
    PacedServer fast = groq("fast", 60, "llama-3.1-8b-instant", "cost-per-million-tokens", "0.08");
    PacedServer slow = member("slow", 1_200, "model", "m", "cost-per-million-tokens", "0.01");
    router("slow,fast");

    RouteDecision cold = Routing.explain(client, request());
    RouteDecision.Candidate f = candidate(cold, "fast");
    assertTrue(f.eligible(), cold.toString());
    assertTrue(f.note().contains(PUBLISHED), f.note());
    assertTrue(f.note().contains("confidence 0.30"), f.note());
    // 220 ms published TTFT, inflated by 2 - 0.3 for a figure measured elsewhere
    assertEquals(374, f.predictedTimeToFirstToken().toMillis(), 1);
    assertTrue(candidate(cold, "slow").note().startsWith("no prediction yet"), cold.toString());

    InferenceResponse r = client.generate(request());
    assertEquals("fast", r.backend(), r.route().toString());
    assertEquals(0, slow.requests(), "the member nothing is known of is not tried first");
    assertEquals(1, fast.requests());

    RouteDecision warm = Routing.explain(client, request());
    assertTrue(candidate(warm, "fast").note().contains("learnt from 1 answer"),
        "its own observation replaces the published figure: " + candidate(warm, "fast").note());
  }

  @Test
  void configuredPriorsOverrideThePublishedFigures() throws Exception {
    groq("fast", 60, "llama-3.1-8b-instant", "prior-ttft", "900ms", "prior-per-token", "2ms");
    member("other", 60, "model", "m", "prior-ttft", "100ms", "prior-per-token", "2ms");
    router("fast,other");

    RouteDecision cold = Routing.explain(client, request());
    RouteDecision.Candidate f = candidate(cold, "fast");
    assertFalse(f.eligible(), "900 ms configured for a 500 ms budget: " + cold);
    assertTrue(f.note().contains("configured priors"), f.note());
    assertFalse(f.note().contains("published"), f.note());
    assertEquals("other", cold.chosen());
  }

  @Test
  void aModelWithoutPublishedFiguresGetsNoPrior() throws Exception {
    groq("unknown", 60, "some-model-nobody-measured");
    groq("known", 60, "llama-3.3-70b-versatile");
    router("unknown,known");

    RouteDecision cold = Routing.explain(client, request());
    assertTrue(candidate(cold, "unknown").note().startsWith("no prediction yet"), cold.toString());
    assertTrue(candidate(cold, "known").note()
        .contains("published: GroqCloud models page, llama-3.3-70b-versatile 280 tokens/s"), cold.toString());
    assertEquals("known", cold.chosen(), "a predicted member that fits ranks before an unknown one");
  }
}
