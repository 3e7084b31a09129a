package io.infer4j.remote;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.RouteDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The router over remote backends whose endpoints are loopback {@link PacedServer}s, configured as
 * an application would, through {@link InferenceClients#fromProperties}: the fixture of the
 * router's end-to-end tests. {@link #close()} it after each test.
 */
final class LoopbackRouter implements AutoCloseable {

  /** Scheduling slack past a budget on a shared 2-core machine, in milliseconds. */
  static final long SLACK_MS = 250;

  private final List<PacedServer> servers = new ArrayList<>();
  private final Map<String, String> config = new HashMap<>();
  private InferenceClient client;

  /**
   * A server of the given speed behind a remote backend instance of the same name (model {@code
   * m}), with more of its keys ({@code infer4j.backends.<name>.*}) as pairs.
   */
  PacedServer remote(String name, long ttftMillis, long perTokenMillis, String... keys)
      throws Exception {
    PacedServer s = PacedServer.start(name, ttftMillis, perTokenMillis);
    servers.add(s);
    String prefix = "infer4j.backends." + name + ".";
    config.put(prefix + "type", "remote");
    config.put(prefix + "base-url", s.baseUrl());
    config.put(prefix + "model", "m");
    for (int i = 0; i < keys.length; i += 2) {
      config.put(prefix + keys[i], keys[i + 1]);
    }
    return s;
  }

  /** The router over {@code backends} with router keys ({@code infer4j.router.*}) as pairs. */
  InferenceClient router(String backends, String... routerKeys) {
    config.put("infer4j.backend", "router");
    config.put("infer4j.router.backends", backends);
    for (int i = 0; i < routerKeys.length; i += 2) {
      config.put("infer4j.router." + routerKeys[i], routerKeys[i + 1]);
    }
    client = InferenceClients.fromProperties(config);
    return client;
  }

  /** The client {@link #router} made. */
  InferenceClient client() {
    return client;
  }

  /** Generates, asserting the answer came within {@code limit} plus {@link #SLACK_MS}. */
  InferenceResponse generateWithin(InferenceRequest request, Duration limit) {
    long t0 = System.nanoTime();
    InferenceResponse r = client.generate(request);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms <= limit.toMillis() + SLACK_MS, "answered after " + ms + " ms, budget " + limit.toMillis());
    return r;
  }

  /** The candidate of that name in {@code d}. */
  static RouteDecision.Candidate candidate(RouteDecision d, String name) {
    return d.candidates().stream().filter(c -> c.backend().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " not among " + d.candidates()));
  }

  /** The attempts of {@code d} as {@code backend:OUTCOME[:hedge]}. */
  static List<String> attempts(RouteDecision d) {
    List<String> out = new ArrayList<>();
    for (RouteDecision.Attempt a : d.attempts()) {
      out.add(a.backend() + ":" + a.outcome() + (a.hedge() ? ":hedge" : ""));
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    if (client != null) {
      client.close();
    }
    for (PacedServer s : servers) {
      s.stop();
    }
  }
}
