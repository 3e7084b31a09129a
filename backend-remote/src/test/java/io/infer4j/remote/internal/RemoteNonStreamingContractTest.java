package io.infer4j.remote.internal;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.contract.InferenceClientContract;
import java.io.IOException;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same contract with streaming turned off (whole answers as one chunk). */
class RemoteNonStreamingContractTest extends InferenceClientContract {

  private static MockWebServer server;

  @BeforeAll
  static void startServer() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(new ScriptedServer(0));
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  protected InferenceClient newClient() {
    return Remote.to(server, "stream", "false").client;
  }

  /** Whole answers come back in milliseconds; "slow" holds the headers 100 ms (ScriptedServer). */
  @Override
  protected InferenceRequest longRequest() {
    return super.longRequest().toBuilder().prompt("slow, then a long answer").build();
  }

  @Override
  protected Optional<InferenceRequest> slowFirstTokenRequest() {
    return Optional.of(InferenceRequest.builder().user("slow please").maxTokens(4).build());
  }
}
