package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.remote.RateLimitStatus;
import java.time.Duration;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RateLimitTrackerTest {

  @Test
  void instancesSharingAKeyShareTheirLimits() {
    ApiKey key = ApiKey.of("sk-shared-limits-test");
    assertSame(RateLimitTracker.forCredential(key, "api.example"),
        RateLimitTracker.forCredential(ApiKey.of("sk-shared-limits-test"), "api.example"));
    assertNotSame(RateLimitTracker.forCredential(key, "api.example"),
        RateLimitTracker.forCredential(ApiKey.of("sk-another-key"), "api.example"));
  }

  @Test
  void headersUpdateTheStateAndMissingOnesKeepTheirLastValue() {
    RateLimitTracker t = RateLimitTracker.forCredential(ApiKey.none(), "localhost");
    assertEquals(RateLimitStatus.UNKNOWN, t.current());
    t.update(Headers.of("x-ratelimit-remaining-requests", "3", "x-ratelimit-reset-requests", "2s"), 10);
    t.update(Headers.of("x-ratelimit-remaining-tokens", "0", "x-ratelimit-remaining-requests", "junk"), 20);
    RateLimitStatus s = t.current();
    assertEquals(3L, s.remainingRequests());
    assertEquals(0L, s.remainingTokens());
    assertEquals(Duration.ofSeconds(2), s.resetRequests());
    assertEquals(20, s.observedAtNanos());
    assertTrue(s.exhausted(), "no tokens left");
  }
}
