package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several replicas behind one backend instance: failover and ejection over real sockets. */
class MultiEndpointTest {

  private final MockWebServer healthy = new MockWebServer();
  private final MockWebServer broken = new MockWebServer();
  private Remote remote;

  @BeforeEach
  void start() throws Exception {
    healthy.setDispatcher(new ScriptedServer(0));
    healthy.start();
    MockResponse reset = new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build();
    broken.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(mockwebserver3.RecordedRequest r) {
        return reset;
      }

      @Override
      public MockResponse peek() {
        return reset; // socket effects at request start are read from peek()
      }
    });
    broken.start();
    remote = Remote.to("unused", "endpoints",
        broken.url("/v1") + " , " + healthy.url("/v1"), "eject-after", "2", "eject-for", "1m");
  }

  @AfterEach
  void stop() throws Exception {
    Within.nothingLeaked(remote);
    healthy.close();
    broken.close();
  }

  @Test
  void everyRequestSucceedsAndTheBrokenReplicaIsEjected() {
    // Two random picks among replicas with nothing outstanding choose the broken one half the
    // time: in 40 requests it is picked twice in a row (and ejected) but for a 4e-11 chance.
    for (int i = 0; i < 40; i++) {
      assertEquals("w0 w1", remote.client.generate(
          Remote.chat("hi", Duration.ofSeconds(2)).toBuilder().maxTokens(2).build()).text());
    }
    var statuses = remote.backend.endpoints();
    assertTrue(statuses.get(0).ejected(), "broken replica ejected: " + statuses);
    assertTrue(broken.getRequestCount() <= 3, "ejected after 2 failures, saw " + broken.getRequestCount());
    assertEquals(40, healthy.getRequestCount());
  }
}
