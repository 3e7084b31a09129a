package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.remote.RateLimitStatus;
import java.time.Duration;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RateLimitTrackerTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void instancesSharingAKeyShareTheirLimits() {
    ApiKey key = ApiKey.of("sk-shared-limits-test");
    assertSame(RateLimitTracker.forCredential(key, "api.example:443"),
        RateLimitTracker.forCredential(ApiKey.of("sk-shared-limits-test"), "api.example:443"));
    assertNotSame(RateLimitTracker.forCredential(key, "api.example:443"),
        RateLimitTracker.forCredential(ApiKey.of("sk-another-key"), "api.example:443"));
    assertNotSame(RateLimitTracker.forCredential(key, "api.example:443"),
        RateLimitTracker.forCredential(key, "api.example:8443"));
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

  @Test
  void nothingBlocksBeforeAnyHeaders() {
    assertNull(new RateLimitTracker().blocking(1_000_000, 5 * SECOND));
  }

  @Test
  void noRequestsLeftBlocksUntilTheRequestWindowResets() {
    RateLimitTracker t = new RateLimitTracker();
    t.update(Headers.of("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "6m0s"), SECOND);

    RateLimitTracker.Block b = t.blocking(10, 61 * SECOND);
    assertNotNull(b);
    assertEquals(Duration.ofSeconds(300), b.retryAfter(), "6 minutes from the report, one minute later");
    assertTrue(b.reason().contains("no requests left"), b.reason());
    assertNull(t.blocking(10, 361 * SECOND + 1), "the window has reset");
  }

  @Test
  void tooFewTokensBlockOnlyRequestsThatMayNeedMore() {
    RateLimitTracker t = new RateLimitTracker();
    t.update(Headers.of("x-ratelimit-remaining-tokens", "100", "x-ratelimit-reset-tokens", "7.5s",
        "x-ratelimit-remaining-requests", "50", "x-ratelimit-reset-requests", "1m"), SECOND);

    assertNull(t.blocking(100, SECOND), "exactly enough tokens");
    RateLimitTracker.Block b = t.blocking(101, 2 * SECOND);
    assertNotNull(b);
    assertEquals(Duration.ofMillis(6500), b.retryAfter());
    assertTrue(b.reason().contains("100 tokens left") && b.reason().contains("up to 101"), b.reason());
  }

  @Test
  void theLongerOfTwoExhaustedWindowsIsTheWait() {
    RateLimitTracker t = new RateLimitTracker();
    t.update(Headers.of("x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "2s",
        "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "9s"), 0);
    assertEquals(Duration.ofSeconds(9), t.blocking(1, 0).retryAfter());
  }

  @Test
  void anExhaustedWindowWithoutAResetTimeDoesNotBlock() {
    RateLimitTracker t = new RateLimitTracker();
    t.update(Headers.of("x-ratelimit-remaining-requests", "0", "x-ratelimit-remaining-tokens", "0"), SECOND);
    assertNull(t.blocking(10, 2 * SECOND), "a stale zero must not block forever");
  }
}
