package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.support.RecordingListener;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A remote backend's retry after a 503, as a listener hears it. */
class RetryListenerTest {

  private final MockWebServer server = new MockWebServer();
  private Remote remote;

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (remote != null) {
      remote.close();
    }
    server.close();
  }

  @Test
  void theRetryIsAnAttemptOfItsOwnAndTheFirstTryIsNot() {
    server.enqueue(Remote.json(503, "{\"error\":{\"message\":\"busy\"}}"));
    server.enqueue(Remote.sse(Sse.stream().delta("Hello").finish("stop").done().body()));
    remote = Remote.to(server, "backoff", "1ms");
    RecordingListener recorder = new RecordingListener();
    InferenceClient client = InferenceClients.withListener(remote.client, recorder);
    assertEquals("Hello", client.generate(InferenceRequest.ofUserMessage("hi")).text());
    assertEquals(List.of("start chat " + remote.client.name(), "attempt 2 RETRY " + remote.client.name(),
        "first chunk", "chunk 0", "attempt 2 SUCCEEDED", "end STOP " + remote.client.name()), recorder.events());
  }
}
