package io.infer4j.remote.internal;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.contract.InferenceClientContract;
import java.io.IOException;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The SDK contract, run on the remote backend against a scripted loopback server. */
class RemoteContractTest extends InferenceClientContract {

  private static MockWebServer server;

  @BeforeAll
  static void startServer() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(new ScriptedServer(2));
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  protected InferenceClient newClient() {
    return Remote.to(server).client;
  }

  @Override
  protected Optional<InferenceRequest> slowFirstTokenRequest() {
    return Optional.of(InferenceRequest.builder().user("slow please").maxTokens(4).build());
  }
}
