package io.infer4j.remote.internal;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.LatencyBudget;
import io.infer4j.remote.internal.RemoteBackendProvider;
import io.infer4j.spi.BackendConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** Test wiring: a remote backend and client against a loopback server, with short timeouts. */
final class Remote {

  final HttpRemoteBackend backend;
  final InferenceClient client;

  private Remote(Map<String, String> settings) {
    this.backend = (HttpRemoteBackend) new RemoteBackendProvider()
        .create(BackendConfig.ofMap("r", "remote", settings));
    this.client = InferenceClients.of("r", backend);
  }

  /** Defaults for tests: model m1, short backoff, 2 retries. Extra pairs override. */
  static Remote to(String baseUrl, String... overrides) {
    Map<String, String> m = new HashMap<>();
    m.put("base-url", baseUrl);
    m.put("model", "m1");
    m.put("backoff", "10ms");
    m.put("max-backoff", "40ms");
    m.put("stall-timeout", "2s");
    m.put("connect-timeout", "2s");
    for (int i = 0; i < overrides.length; i += 2) {
      m.put(overrides[i], overrides[i + 1]);
    }
    return new Remote(m);
  }

  static Remote to(MockWebServer server, String... overrides) {
    return to(server.url("/v1").toString(), overrides);
  }

  static InferenceRequest chat(String text, Duration total) {
    InferenceRequest.Builder b = InferenceRequest.builder().user(text).maxTokens(16).temperature(0);
    return total == null ? b.build() : b.budget(LatencyBudget.ofTotal(total)).build();
  }

  static MockResponse sse(String body) {
    return new MockResponse.Builder()
        .addHeader("Content-Type", "text/event-stream")
        .body(body)
        .build();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** Closes the client and waits briefly for the backend's threads to stop. */
  void close() throws InterruptedException {
    client.close();
    for (int i = 0; i < 100 && !backend.isTerminated(); i++) {
      Thread.sleep(20);
    }
  }
}
