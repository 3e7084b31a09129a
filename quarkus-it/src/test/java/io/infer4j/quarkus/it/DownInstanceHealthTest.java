package io.infer4j.quarkus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.cdi.Backend;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client whose backend is down makes Quarkus' readiness endpoint answer 503 with the instance's
 * check DOWN and its reason, while liveness stays 200 (a down backend recovers by itself).
 */
@QuarkusTest
@TestProfile(DownInstanceHealthTest.Resting.class)
class DownInstanceHealthTest {

  /** One more instance: a fake scripted down. */
  public static class Resting implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("infer4j.backends.resting.type", "fake",
          "infer4j.backends.resting.down", "maintenance window");
    }
  }

  @TestHTTPResource("/q/health/ready")
  URI ready;

  @TestHTTPResource("/q/health/live")
  URI live;

  @Inject @Backend("resting") InferenceClient resting;

  private static HttpResponse<String> get(URI uri) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readinessIs503WithTheDownInstancesReasonAndLivenessIs200() throws Exception {
    assertEquals("resting", resting.name()); // created by this injection: its check is registered

    HttpResponse<String> r = get(ready);
    assertEquals(503, r.statusCode(), r.body());
    String body = r.body().replaceAll("\\s+", "");
    assertTrue(body.contains("\"name\":\"infer4j-resting\",\"status\":\"DOWN\",\"data\":{"
        + "\"state\":\"down\",\"reason\":\"maintenancewindow\",\"model\":\"fake-model\"}"), body);
    assertTrue(body.contains("\"name\":\"infer4j-writer\",\"status\":\"UP\""), body);

    HttpResponse<String> l = get(live);
    assertEquals(200, l.statusCode(), l.body());
    assertTrue(l.body().replaceAll("\\s+", "").contains("\"resting\":\"down\""), l.body());
  }
}
