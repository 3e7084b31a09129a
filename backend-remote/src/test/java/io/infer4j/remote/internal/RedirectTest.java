package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 307 and 308 keep the method and body, so they are followed (a few times, within the budget);
 * 301, 302 and 303 would turn the POST into a GET, so they are a typed error naming where the
 * server points: the base URL is probably wrong.
 */
class RedirectTest {

  private static final Duration BUDGET = Duration.ofSeconds(2);
  private static final String KEY = "sk-redirect-test-1234";

  private final MockWebServer server = new MockWebServer();
  private final MockWebServer other = new MockWebServer();
  private Remote remote;

  @BeforeEach
  void start() throws Exception {
    server.start();
    other.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (remote != null) {
      Within.nothingLeaked(remote);
    }
    server.close();
    other.close();
  }

  private static MockResponse redirect(int code, String location) {
    return new MockResponse.Builder().code(code).addHeader("Location", location).build();
  }

  private static MockResponse ok() {
    return Remote.sse(Sse.stream().delta("moved").finish("stop").done().body());
  }

  private String generate() {
    return remote.client.generate(Remote.chat("hi", BUDGET)).text();
  }

  @ParameterizedTest
  @ValueSource(ints = {307, 308})
  void aTemporaryOrPermanentRedirectIsFollowedWithTheSameMethodBodyAndKey(int code) throws Exception {
    server.enqueue(redirect(code, "/v2/chat/completions"));
    server.enqueue(ok());
    remote = Remote.to(server, "api-key", KEY);
    assertEquals("moved", generate());
    RecordedRequest first = server.takeRequest();
    RecordedRequest second = server.takeRequest();
    assertEquals("POST", second.getMethod());
    assertEquals("/v2/chat/completions", second.getUrl().encodedPath());
    assertEquals(first.getBody().utf8(), second.getBody().utf8());
    assertEquals("Bearer " + KEY, second.getHeaders().get("Authorization"), "same origin: key kept");
  }

  @Test
  void aRedirectLoopStopsAfterFiveRedirectsWithATypedErrorThatIsNotRetried() {
    for (int i = 0; i < 100; i++) {
      server.enqueue(redirect(307, "/v1/chat/completions"));
    }
    remote = Remote.to(server);
    BackendUnavailableException e =
        Within.failsWith(BackendUnavailableException.class, BUDGET, this::generate);
    assertEquals(6, server.getRequestCount(), "the request and 5 redirects, one attempt");
    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().contains("more than 5 redirects"), e.getMessage());
    assertTrue(e.getMessage().contains(server.url("/v1/chat/completions").toString()), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303})
  void aRedirectThatWouldTurnThePostIntoAGetIsATypedErrorNamingTheLocation(int code) throws Exception {
    server.enqueue(redirect(code, "https://api.example.test/openai/v1/chat/completions"));
    server.enqueue(Remote.json(404, "{\"error\":{\"message\":\"not found\"}}"));
    remote = Remote.to(server);
    BackendUnavailableException e =
        Within.failsWith(BackendUnavailableException.class, BUDGET, this::generate);
    assertFalse(e.isRetryable());
    assertEquals(1, server.getRequestCount(), "no GET sent");
    String m = e.getMessage();
    assertTrue(m.contains("HTTP " + code), m);
    assertTrue(m.contains("https://api.example.test/openai/v1/chat/completions"), m);
    assertTrue(m.contains(server.url("/v1/chat/completions").toString()), m);
    assertTrue(m.contains("infer4j.backends.r.base-url"), m);
  }

  @Test
  void aRedirectToAnotherOriginIsNotFollowedWithTheKey() throws Exception {
    server.enqueue(redirect(307, other.url("/v1/chat/completions").toString()));
    other.enqueue(ok());
    remote = Remote.to(server, "api-key", KEY);
    BackendUnavailableException e =
        Within.failsWith(BackendUnavailableException.class, BUDGET, this::generate);
    assertFalse(e.isRetryable());
    assertEquals(0, other.getRequestCount(), "the key never went to the other server");
    assertTrue(e.getMessage().contains(other.url("/v1/chat/completions").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("another origin"), e.getMessage());
    assertFalse(e.getMessage().contains(KEY), e.getMessage());
  }

  @Test
  void withoutAKeyARedirectToAnotherOriginIsFollowed() throws Exception {
    server.enqueue(redirect(308, other.url("/v1/chat/completions").toString()));
    other.enqueue(ok());
    remote = Remote.to(server);
    assertEquals("moved", generate());
    assertNull(other.takeRequest().getHeaders().get("Authorization"));
  }

  @Test
  void aRedirectWithoutALocationIsATypedError() {
    server.enqueue(new MockResponse.Builder().code(307).build());
    remote = Remote.to(server);
    BackendUnavailableException e =
        Within.failsWith(BackendUnavailableException.class, BUDGET, this::generate);
    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().contains("without a Location"), e.getMessage());
    assertEquals(1, server.getRequestCount());
  }
}
